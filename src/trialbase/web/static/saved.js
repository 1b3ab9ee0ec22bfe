/* Saved studies, kept in this browser (localStorage). Progressive enhancement: every page works
   without this file; with it, search results get a "Save" button and /saved lists the studies.
   Record text is only ever set with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var KEY = "trialbase.saved";
  var NCT = /^NCT\d{8}$/;

  function read() {
    try {
      var items = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (item) { return item && NCT.test(item.id); }) : [];
    } catch (error) {
      return [];
    }
  }

  function write(items) {
    try { window.localStorage.setItem(KEY, JSON.stringify(items)); } catch (error) { /* storage full or off */ }
    showCount(items);
  }

  function isSaved(id) {
    return read().some(function (item) { return item.id === id; });
  }

  function toggle(id, title) {
    var items = read();
    var kept = items.filter(function (item) { return item.id !== id; });
    if (kept.length === items.length) kept.push({ id: id, title: title || id, saved: new Date().toISOString() });
    write(kept);
    return kept.length > items.length;
  }

  function showCount(items) {
    var badge = document.querySelector("[data-saved-count]");
    if (!badge) return;
    badge.textContent = items.length ? "(" + items.length + ")" : "";
    badge.hidden = !items.length;
  }

  function label(button, saved) {
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    button.textContent = saved ? "Saved" : "Save";
  }

  function addButtons() {
    var holders = document.querySelectorAll("[data-nct-id]");
    Array.prototype.forEach.call(holders, function (holder) {
      var id = holder.getAttribute("data-nct-id");
      if (!NCT.test(id) || holder.querySelector(".save-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "save-button";
      button.setAttribute("aria-label", "Save study " + id);
      label(button, isSaved(id));
      button.addEventListener("click", function () {
        label(button, toggle(id, holder.getAttribute("data-title")));
      });
      var place = holder.querySelector(".card__top") || holder.lastElementChild || holder;
      place.appendChild(button);
    });
  }

  function ids(items) {
    return items.map(function (item) { return item.id; }).join(",");
  }

  function fillSavedPage() {
    var list = document.querySelector("[data-saved-items]");
    if (!list) return;
    var items = read();
    list.textContent = "";
    document.querySelector("[data-saved-empty]").hidden = items.length > 0;
    document.querySelector("[data-saved-actions]").hidden = items.length === 0;
    if (items.length) {
      var query = encodeURIComponent(ids(items));
      document.querySelector("[data-saved-search]").href = "/search?id=" + query + "&limit=100";
      document.querySelector("[data-saved-csv]").href = "/search/download?format=csv&id=" + query;
    }
    items.forEach(function (item) {
      var row = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/study/" + item.id;
      link.textContent = item.title || item.id;
      var meta = document.createElement("span");
      meta.className = "saved-list__id";
      meta.textContent = " " + item.id + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button--quiet";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove " + item.id + " from saved studies");
      remove.addEventListener("click", function () { toggle(item.id); fillSavedPage(); });
      row.appendChild(link);
      row.appendChild(meta);
      row.appendChild(remove);
      list.appendChild(row);
    });
  }

  function start() {
    showCount(read());
    addButtons();
    fillSavedPage();
    var clear = document.querySelector("[data-saved-clear]");
    if (clear) clear.addEventListener("click", function () { write([]); fillSavedPage(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
