/**
 * The part of the page's script that unpacks a packed text (gzip + base64 in a <details>'s
 * `data-packed`, see packed.ts) the first time its <details> is opened, with the browser's
 * DecompressionStream, and writes it as text; a packed diff is written back as one line per row,
 * each line's class told by its first characters as the server's diffs are. Runs inside
 * CLIENT_SCRIPT's function: `el` is its helper.
 */
export const PACKED_SCRIPT = `
  function unpack(base64) {
    var binary = atob(base64), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }
  function diffRows(pre, text) {
    var rows = document.createDocumentFragment();
    text.split("\\n").forEach(function (line) {
      var c = line.charAt(0);
      var cls = c === "-" ? "del" : c === "+" ? "add" : c === "\\u22ef" ? "skip" : line.slice(2, 4) === "# " ? "file" : "ctx";
      rows.appendChild(el("span", cls, line));
    });
    pre.textContent = "";
    pre.appendChild(rows);
  }
  function reveal(details) {
    var packed = details.open && details.getAttribute("data-packed");
    if (!packed) return;
    details.removeAttribute("data-packed");
    var pre = details.querySelector("pre");
    if (typeof DecompressionStream === "undefined") {
      pre.textContent = "This browser cannot unpack this text (it needs DecompressionStream). report.md and report.json have it.";
      return;
    }
    pre.textContent = "Unpacking…";
    unpack(packed).then(function (text) {
      if (pre.hasAttribute("data-diff")) diffRows(pre, text);
      else pre.textContent = text;
    }, function (error) {
      pre.textContent = "This text could not be unpacked (" + error + "). report.md and report.json have it.";
    });
  }
  // toggle does not bubble: listened for while it travels down to the <details>. Those a reader
  // opened while a long page was still loading, before this script ran, are unpacked now.
  document.addEventListener("toggle", function (event) { reveal(event.target); }, true);
  Array.prototype.forEach.call(document.querySelectorAll("details[open][data-packed]"), reveal);
`;
