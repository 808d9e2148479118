/**
 * The page's only script: filter and sort the findings table, copy a recommended policy, and
 * highlight the principal a link points at. It reads the report from the
 * `<script type="application/json">` block with JSON.parse and writes text only through
 * textContent, never innerHTML, so no account string can become markup. Everything it touches
 * was rendered on the server, which is why the page still reads without it.
 *
 * Plain ES2017 in a string: it runs in the reader's browser, not in Node, and the page's CSP
 * allows exactly this text (by hash).
 */
export const CLIENT_SCRIPT = `(function () {
  "use strict";
  var dataNode = document.getElementById("report-data");
  var report = JSON.parse(dataNode.textContent);

  var table = document.getElementById("findings-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var severity = document.getElementById("filter-severity");
  var kind = document.getElementById("filter-kind");
  var text = document.getElementById("filter-text");
  var hideSuppressed = document.getElementById("filter-suppressed");
  var count = document.getElementById("findings-count");
  document.getElementById("findings-controls").hidden = false;

  function applyFilters() {
    var s = severity.value, k = kind.value, q = text.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!s || row.dataset.severity === s) && (!k || row.dataset.kind === k) &&
        (!q || row.dataset.search.indexOf(q) !== -1) &&
        !(hideSuppressed.checked && row.dataset.suppressed === "true");
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = "Showing " + shown + " of " + rows.length + " findings";
  }
  [severity, kind, hideSuppressed].forEach(function (el) { el.addEventListener("change", applyFilters); });
  text.addEventListener("input", applyFilters);
  applyFilters();

  var NUMERIC = ["severity", "status"];
  Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort-key]"), function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.sortKey;
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort-key]"), function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var attr = "sort" + key.charAt(0).toUpperCase() + key.slice(1);
      rows.sort(function (a, b) {
        var x = a.dataset[attr], y = b.dataset[attr];
        var c = NUMERIC.indexOf(key) !== -1 ? Number(x) - Number(y) : x.localeCompare(y);
        return c * dir || Number(a.dataset.sortSeverity) - Number(b.dataset.sortSeverity);
      });
      rows.forEach(function (row) { body.appendChild(row); });
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
      var rec = report.recommendations[Number(button.dataset.rec)];
      var policy = rec && rec.policies[Number(button.dataset.policy)];
      if (!policy) return;
      var json = JSON.stringify(policy.document, null, 2);
      var pre = button.parentNode.nextElementSibling;
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

  function focusTarget() {
    Array.prototype.forEach.call(document.querySelectorAll("section.principal.focus"), function (s) {
      s.classList.remove("focus");
    });
    var id = location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("principal")) target.classList.add("focus");
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
})();
`;
