// Search over the index in the search-index scripts (scripts, so it also works from file://).
(function () {
  "use strict";
  var docs = window.REBOUND_SEARCH || [];
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!box || !list) return;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var folded = docs.map(function (d) {
    return { title: fold(d.t), all: fold([d.t, d.g, d.e, d.l, d.b].join("\n")) };
  });

  function highlight(parent, text, words) {
    var lower = fold(text), at = 0;
    while (at < text.length) {
      var next = -1, length = 0;
      words.forEach(function (w) {
        var i = lower.indexOf(w, at);
        if (i >= 0 && (next < 0 || i < next)) { next = i; length = w.length; }
      });
      if (next < 0) break;
      parent.appendChild(document.createTextNode(text.slice(at, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      parent.appendChild(mark);
      at = next + length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function snippet(doc, words) {
    var text = doc.b, lower = fold(text), best = -1;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (best < 0 || i < best)) best = i; });
    if (best < 0) return [doc.l, doc.e, doc.g].filter(Boolean).join(" · ").slice(0, 200) || text.slice(0, 160);
    var start = Math.max(0, best - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 200) + (start + 200 < text.length ? "…" : "");
  }

  function run() {
    var words = fold(box.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = "Type a word to search your workbook."; return; }
    var hits = [];
    folded.forEach(function (f, i) {
      if (words.every(function (w) { return f.all.indexOf(w) >= 0; })) {
        var score = words.reduce(function (s, w) { return s + (f.title.indexOf(w) >= 0 ? 10 : 1); }, 0);
        hits.push({ doc: docs[i], score: score });
      }
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.doc.d < b.doc.d ? 1 : -1); });
    status.textContent = hits.length === 0 ? "Nothing found. Try a shorter or different word."
      : hits.length === 1 ? "1 result." : hits.length + " results.";
    hits.slice(0, 100).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = hit.doc.u;
      highlight(a, hit.doc.t, words);
      var meta = document.createElement("span");
      meta.className = "card-meta";
      meta.textContent = hit.doc.d;
      var p = document.createElement("p");
      highlight(p, snippet(hit.doc, words), words);
      li.appendChild(a); li.appendChild(meta); li.appendChild(p);
      list.appendChild(li);
    });
  }
  box.addEventListener("input", run);
  var query = new URLSearchParams(location.search).get("q");
  if (query) { box.value = query; run(); }
})();
