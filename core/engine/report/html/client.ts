import { FINDING_KINDS, SEVERITIES } from "../../findings/types.js";
import { PACKED_SCRIPT } from "./client-packed.js";
import { SECTIONS_SCRIPT } from "./client-sections.js";

/**
 * The page's only script: filter, sort and render the findings table, copy a recommended policy,
 * build and highlight the principal a link points at, unpack a packed text when it is opened. It reads the page data from the
 * `<script type="application/json">` block with JSON.parse and writes text only through
 * textContent, never innerHTML, so no account string can become markup.
 *
 * The table is rendered in chunks of rows, one task each, as the reader nears its end: a page of
 * tens of thousands of findings shows its first rows at once, never freezes, and keeps in the
 * document only the rows read so far. `aria-busy` is true while a chunk is on its way. Filtering
 * and sorting work on the data, then render the result the same way.
 *
 * Plain ES2017 in a string: it runs in the reader's browser, not in Node, and the page's CSP
 * allows exactly this text (by hash).
 */
export const CLIENT_SCRIPT = `(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var SEVERITIES = ${JSON.stringify(SEVERITIES)};
  var KINDS = ${JSON.stringify(FINDING_KINDS)};
  var CHUNK = 250;
  var texts = data.texts, names = data.names, findings = data.findings;
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function badge(severity) { return el("span", "badge " + severity, severity); }

  var table = document.getElementById("findings-table");
  var body = table.tBodies[0];
  var severity = document.getElementById("filter-severity");
  var kind = document.getElementById("filter-kind");
  var text = document.getElementById("filter-text");
  var hideSuppressed = document.getElementById("filter-suppressed");
  var count = document.getElementById("findings-count");
  document.getElementById("findings-controls").hidden = false;

  // Rows by finding index: the server's first rows, then built on demand.
  var rows = Array.prototype.slice.call(body.rows);
  function principalName(f) { return f[2] >= 0 ? names[f[2]] : ""; }
  function buildRow(i) {
    var f = findings[i], tr = el("tr"), sev = SEVERITIES[f[0]], suppressed = f[7] >= 0;
    tr.setAttribute("data-severity", sev);
    tr.setAttribute("data-kind", KINDS[f[1]]);
    tr.setAttribute("data-suppressed", suppressed ? "true" : "false");
    if (suppressed) tr.className = "suppressed";
    tr.appendChild(el("td")).appendChild(badge(sev));
    tr.appendChild(el("td", "kind", KINDS[f[1]]));
    var subject = tr.appendChild(el("td"));
    if (f[2] >= 0) {
      var link = subject.appendChild(el("a", "", names[f[2]]));
      link.href = "#principal-" + f[2];
    } else if (f[3] >= 0) subject.appendChild(el("span", "arn", texts[f[3]]));
    else subject.appendChild(el("span", "empty", "account"));
    tr.appendChild(el("td", "", f[4]));
    var status = tr.appendChild(el("td"));
    if (suppressed) {
      var mark = status.appendChild(el("span", "badge suppressed", "suppressed"));
      mark.title = texts[f[7]];
    } else status.textContent = "open";
    return tr;
  }
  function rowOf(i) { return rows[i] || (rows[i] = buildRow(i)); }

  var searchable = [];
  function search(i) {
    var f = findings[i];
    if (searchable[i] === undefined) {
      searchable[i] = [principalName(f), f[3] >= 0 ? texts[f[3]] : "", f[4], KINDS[f[1]]].join(" ").toLowerCase();
    }
    return searchable[i];
  }

  // The rows in view are rendered a chunk at a time while the end of the table is near the
  // reader's screen: the first rows at once, more as they scroll, never all in one task.
  var order = findings.map(function (_, i) { return i; });
  var view = order, shown = rows.length, pending = false;
  var more = document.getElementById("findings-more");
  function nearEnd() {
    var top = more.getBoundingClientRect().top;
    return top > -window.innerHeight && top < window.innerHeight * 3;
  }
  function step() {
    pending = false;
    var chunk = document.createDocumentFragment(), end = Math.min(view.length, shown + CHUNK);
    for (; shown < end; shown++) chunk.appendChild(rowOf(view[shown]));
    body.appendChild(chunk);
    schedule();
  }
  function schedule() {
    more.hidden = shown >= view.length;
    more.textContent = "Showing the first " + shown + " rows; scroll for more";
    if (!pending && shown < view.length && nearEnd()) {
      pending = true;
      setTimeout(step, 0);
    }
    table.setAttribute("aria-busy", pending ? "true" : "false");
  }
  function render() {
    body.textContent = "";
    shown = 0;
    step();
  }
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  function applyFilters() {
    var s = severity.value, k = kind.value, q = text.value.trim().toLowerCase(), hide = hideSuppressed.checked;
    var si = SEVERITIES.indexOf(s), ki = KINDS.indexOf(k);
    view = order.filter(function (i) {
      var f = findings[i];
      return (!s || f[0] === si) && (!k || f[1] === ki) && !(hide && f[7] >= 0) && (!q || search(i).indexOf(q) !== -1);
    });
    count.textContent = "Showing " + view.length + " of " + findings.length + " findings";
    render();
  }
  [severity, kind, hideSuppressed].forEach(function (node) { node.addEventListener("change", applyFilters); });
  text.addEventListener("input", applyFilters);
  count.textContent = "Showing " + view.length + " of " + findings.length + " findings";
  schedule();

  var collator = new Intl.Collator();
  // Numbers for the severity and status columns, text for the others.
  function sortKey(column, f) {
    if (column === "severity") return f[0];
    if (column === "status") return f[7] >= 0 ? 1 : 0;
    if (column === "kind") return KINDS[f[1]];
    if (column === "principal") return principalName(f).toLowerCase();
    return f[4].toLowerCase();
  }
  var headers = table.tHead.querySelectorAll("th[data-sort-key]");
  Array.prototype.forEach.call(headers, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var column = th.dataset.sortKey;
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(headers, function (other) { other.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var keys = findings.map(function (f) { return sortKey(column, f); });
      order = order.slice().sort(function (a, b) {
        var x = keys[a], y = keys[b];
        var c = typeof x === "number" ? x - y : collator.compare(x, y);
        return c * dir || findings[a][0] - findings[b][0];
      });
      applyFilters();
    });
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  function feedback(button, label) {
    button.textContent = label;
    button.classList.add("done");
    setTimeout(function () { button.textContent = "Copy"; button.classList.remove("done"); }, 2500);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (button) {
    button.addEventListener("click", function () {
      // The <pre> below the button holds the document as pretty-printed JSON, as text.
      var pre = button.parentNode.nextElementSibling;
      var json = pre.textContent;
      function fallback() {
        // No clipboard API (an old browser, or a file the browser does not trust): select the
        // policy so that one keystroke copies it.
        selectText(pre);
        feedback(button, document.execCommand && document.execCommand("copy") ? "Copied" : "Selected: press Ctrl+C");
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(json).then(function () { feedback(button, "Copied"); }, fallback);
      } else fallback();
    });
  });
${SECTIONS_SCRIPT}
${PACKED_SCRIPT}
})();
`;
