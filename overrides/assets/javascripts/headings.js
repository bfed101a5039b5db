// The headings' permalinks and the table of contents of a page written without them
// (an article marked data-toc-from-headings; site_gen/toc_in_browser.py says why and when),
// made from the article's headings as Python-Markdown's toc extension and Material's
// partials/toc.html write them. It runs before Material's bundle, which then finds the
// table of contents as on any page.
(function () {
  "use strict";
  var article = document.querySelector("article[data-toc-from-headings]");
  if (!article) return;
  var entries = [];
  article.querySelectorAll("h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]").forEach(function (heading) {
    entries.push({ level: +heading.tagName.charAt(1), id: heading.id, text: heading.textContent, children: [] });
    var link = document.createElement("a");
    link.setAttribute("class", "headerlink");
    link.setAttribute("href", "#" + heading.id);
    link.setAttribute("title", "Permanent link");
    link.textContent = "\u00b6";
    heading.appendChild(link);
  });

  // Python-Markdown's nest_toc_tokens (markdown/extensions/toc.py), step for step.
  var nested = [];
  if (entries.length) {
    var last = entries[0], levels = [last.level], parents = [];
    nested.push(last);
    entries.slice(1).forEach(function (entry) {
      if (entry.level < levels[levels.length - 1]) {
        levels.pop();
        var pop = 0;
        for (var i = parents.length - 1; i >= 0 && entry.level <= parents[i].level; i--) pop++;
        if (pop) {
          levels = levels.slice(0, levels.length - pop);
          parents = parents.slice(0, parents.length - pop);
        }
        levels.push(entry.level);
      }
      if (entry.level === levels[levels.length - 1]) {
        (parents.length ? parents[parents.length - 1].children : nested).push(entry);
      } else {
        last.children.push(entry);
        parents.push(last);
        levels.push(entry.level);
      }
      last = entry;
    });
  }
  // Material's partials/toc.html: a first heading of level 1 is the page title.
  var toc = nested.length && nested[0].level === 1 ? nested[0].children : nested;

  function element(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }
  // Material's partials/toc-item.html.
  function item(entry) {
    var li = element("li", { class: "md-nav__item" });
    var link = element("a", { href: "#" + entry.id, class: "md-nav__link" });
    var label = element("span", { class: "md-ellipsis" });
    label.textContent = entry.text;
    link.appendChild(label);
    li.appendChild(link);
    if (entry.children.length) {
      var nav = element("nav", { class: "md-nav", "aria-label": entry.text.replace(/\s+/g, " ").trim() });
      var list = element("ul", { class: "md-nav__list" });
      entry.children.forEach(function (child) { list.appendChild(item(child)); });
      nav.appendChild(list);
      li.appendChild(nav);
    }
    return li;
  }
  document.querySelectorAll("ul[data-md-component=toc]").forEach(function (list) {
    if (list.children.length) return;
    toc.forEach(function (entry) { list.appendChild(item(entry)); });
  });
})();
