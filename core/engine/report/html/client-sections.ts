/**
 * The part of the page's script that builds a principal's section when a link leads to one the
 * server did not render (past the riskiest few hundred), from the page data, with the same
 * classes as the server's sections, and highlights the principal the address points at. Text only
 * through textContent. Runs inside CLIENT_SCRIPT's function: `data`, `el`, `badge`, `texts`,
 * `names`, `findings`, `SEVERITIES` and `KINDS` are its variables.
 */
export const SECTIONS_SCRIPT = `
  var byPrincipal;
  function findingsOf(index) {
    if (!byPrincipal) {
      byPrincipal = {};
      findings.forEach(function (f, i) { if (f[2] >= 0) (byPrincipal[f[2]] = byPrincipal[f[2]] || []).push(i); });
    }
    return (byPrincipal[index] || []).slice().sort(function (a, b) { return findings[a][0] - findings[b][0]; });
  }
  function when(iso) {
    var m = /^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2})/.exec(iso);
    return !iso ? "never" : m ? m[1] + " " + m[2] + " UTC" : iso;
  }
  function fact(parent, before, value, after) {
    var span = parent.appendChild(el("span", "", before));
    span.appendChild(el("b", "", value));
    if (after) span.appendChild(document.createTextNode(after));
  }
  function buildSection(index) {
    var p = data.sections[index];
    if (!p) return null;
    var section = el("section", "principal");
    section.id = "principal-" + index;
    var head = section.appendChild(el("div", "principal-head"));
    head.appendChild(el("h3", "", names[index]));
    head.appendChild(el("span", "badge", p[1]));
    section.appendChild(el("div", "arn", p[0]));
    var facts = section.appendChild(el("div", "facts"));
    fact(facts, "last used ", when(p[2]));
    fact(facts, "granted ", p[3].toLocaleString("en-US"), " actions");
    fact(facts, "used ", p[4].toLocaleString("en-US"));
    fact(facts, "open findings ", p[5].toLocaleString("en-US"));
    section.appendChild(el("h4", "", "Findings"));
    var list = findingsOf(index);
    if (list.length === 0) section.appendChild(el("p", "empty", "None."));
    else {
      var ul = section.appendChild(el("ul", "findings"));
      list.forEach(function (i) {
        var f = findings[i], li = ul.appendChild(el("li", SEVERITIES[f[0]]));
        li.appendChild(badge(SEVERITIES[f[0]]));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "kind", KINDS[f[1]]));
        if (f[7] >= 0) li.appendChild(el("span", "badge suppressed", "suppressed: " + texts[f[7]]));
        li.appendChild(el("p")).appendChild(el("strong", "", f[4]));
        li.appendChild(el("p", "", texts[f[5]]));
        if (f[3] >= 0) li.appendChild(el("p", "arn", texts[f[3]]));
        li.appendChild(el("p", "remediation", texts[f[6]]));
      });
      section.appendChild(el("p", "empty", "The evidence of each finding is in report.json."));
    }
    section.appendChild(el("h4", "", "Current policies"));
    if (p[6].length === 0) section.appendChild(el("p", "empty", "No identity policy applies."));
    else {
      var sources = section.appendChild(el("ul"));
      p[6].forEach(function (t) { sources.appendChild(el("li", "arn", texts[t])); });
    }
    section.appendChild(el("h4", "", "Recommended policy"));
    section.appendChild(el("p", "empty", "No recommendation: Whittle recommends a policy only for a user or role with activity in the window and a proof that it is within current permissions and covers every observed call."));
    return document.getElementById("principals").appendChild(section);
  }

  function focusTarget() {
    Array.prototype.forEach.call(document.querySelectorAll("section.principal.focus"), function (s) {
      s.classList.remove("focus");
    });
    var id = location.hash.slice(1);
    var target = id && document.getElementById(id);
    var lazy = /^principal-(\\d+)$/.exec(id);
    if (!target && lazy) {
      target = buildSection(Number(lazy[1]));
      if (target) target.scrollIntoView();
    }
    if (target && target.classList.contains("principal")) target.classList.add("focus");
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
`;
