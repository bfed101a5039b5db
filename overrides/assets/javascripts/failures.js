// Failure-mode index: filter the table by words, category and tag, as you type.
// Every row keeps its words in lower case once; filtering is a substring test per word.
(function () {
  "use strict";

  function setup() {
    var query = document.getElementById("fm-query");
    var table = document.querySelector(".md-content table");
    if (!query || !table || query.dataset.ready) return;
    query.dataset.ready = "1";
    var category = document.getElementById("fm-category");
    var tag = document.getElementById("fm-tag");
    var count = document.getElementById("fm-count");
    var empty = document.getElementById("fm-empty");
    var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
      var tags = tr.querySelector(".fm-tags");
      return {
        tr: tr,
        text: tr.textContent.toLowerCase(),
        category: tr.cells[4].textContent.trim(),
        tags: (tags ? tags.getAttribute("data-tags") : "").split(" ")
      };
    });

    function apply() {
      var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!category.value || row.category === category.value) &&
          (!tag.value || row.tags.indexOf(tag.value) !== -1) &&
          words.every(function (w) { return row.text.indexOf(w) !== -1; });
        row.tr.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
      empty.hidden = shown !== 0;
      var params = new URLSearchParams();
      if (query.value) params.set("q", query.value);
      if (category.value) params.set("category", category.value);
      if (tag.value) params.set("tag", tag.value);
      var search = params.toString();
      history.replaceState(null, "", search ? "?" + search : location.pathname);
    }

    var initial = new URLSearchParams(location.search);
    query.value = initial.get("q") || "";
    category.value = initial.get("category") || "";
    tag.value = initial.get("tag") || "";
    query.addEventListener("input", apply);
    category.addEventListener("change", apply);
    tag.addEventListener("change", apply);
    apply();
  }

  if (window.document$) window.document$.subscribe(setup);
  else document.addEventListener("DOMContentLoaded", setup);
})();
