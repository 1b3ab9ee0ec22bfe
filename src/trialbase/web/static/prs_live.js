/* Live validation on the module forms of /prs. Progressive enhancement: without this file a form
   is saved and its findings shown on the page that follows. With it, each change (after a pause
   in typing) posts the form to its check address, which saves nothing and answers the findings the
   record would have; every message is shown beside its field (which names it with
   aria-describedby, and is aria-invalid for an error), the module's findings panel is rebuilt with
   a link to each field, and a polite status line says what the check found.
   Text only ever goes in with textContent, never parsed as HTML. */
(function () {
  "use strict";
  var DELAY_MS = 400;
  var form = document.querySelector("form[data-live-check]");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) return;
  var address = form.getAttribute("data-live-check");
  var module = form.getAttribute("data-module");
  var status = document.getElementById("live-status");
  var panel = document.getElementById("module-findings-list");
  var none = document.getElementById("module-findings-none");
  var fields = {};
  Array.prototype.forEach.call(form.querySelectorAll("[data-field]"), function (box) {
    fields[box.getAttribute("data-field")] = box;
  });
  var timer = null;
  var asked = 0;
  var edited = null;
  var REFUSALS = {
    403: "Checking stopped: your session has ended or you may no longer edit this record. Sign in again.",
    404: "Checking stopped: this record is no longer available to you.",
    409: "The record changed since this page was opened, or can no longer be edited: reload the page before saving."
  };

  function isError(finding) {
    return finding.severity === "error";
  }

  function plural(count, word) {
    return count + " " + word + (count === 1 ? "" : "s");
  }

  function entry(finding, linked) {
    var item = document.createElement("li");
    item.className = "prs-issue prs-issue--" + finding.severity;
    var severity = document.createElement("span");
    severity.className = "prs-issue__severity";
    severity.textContent = finding.severity;
    item.appendChild(severity);
    item.appendChild(document.createTextNode(" "));
    if (!linked) {
      item.appendChild(document.createTextNode(finding.message));
      return item;
    }
    var path = document.createElement("code");
    path.textContent = finding.path;
    item.appendChild(path);
    item.appendChild(document.createTextNode(": "));
    if (finding.name && document.getElementById("f-" + finding.name)) {
      var link = document.createElement("a");
      link.href = "#f-" + finding.name;
      link.textContent = finding.message;
      item.appendChild(link);
    } else {
      item.appendChild(document.createTextNode(finding.message));
    }
    return item;
  }

  function showBeside(name, found) {
    var box = fields[name];
    var input = document.getElementById("f-" + name);
    if (!box || !input) return;
    var listId = "f-" + name + "-issues";
    var list = document.getElementById(listId);
    box.classList.toggle("prs-field--issues", found.length > 0);
    if (!found.length) {
      if (list) list.parentNode.removeChild(list);
      input.removeAttribute("aria-describedby");
      input.removeAttribute("aria-invalid");
      return;
    }
    if (!list) {
      list = document.createElement("ul");
      list.className = "prs-issues";
      list.id = listId;
      input.insertAdjacentElement("afterend", list);
    }
    list.textContent = "";
    found.forEach(function (finding) { list.appendChild(entry(finding, false)); });
    input.setAttribute("aria-describedby", listId);
    if (found.some(isError)) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function labelOf(box) {
    var label = box.getAttribute("data-label");
    var group = box.closest(".prs-group");
    var legend = group && group.querySelector("legend");
    return legend ? legend.textContent.replace(/\s*\(new\)\s*$/, "") + ", " + label : label;
  }

  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  function show(answer) {
    var mine = answer.input_problems.concat(answer.findings).filter(function (finding) {
      return finding.module === module;
    });
    var named = {};
    mine.forEach(function (finding) {
      if (finding.name) (named[finding.name] = named[finding.name] || []).push(finding);
    });
    Object.keys(fields).forEach(function (name) { showBeside(name, named[name] || []); });
    if (panel) {
      panel.textContent = "";
      mine.forEach(function (finding) { panel.appendChild(entry(finding, true)); });
      panel.hidden = mine.length === 0;
    }
    if (none) none.hidden = mine.length > 0;
    var errors = mine.filter(isError).length;
    var summary = mine.length
      ? plural(mine.length, "problem") + " in this module (" + plural(errors, "error") + ") if saved now."
      : "No problems in this module if saved now.";
    var box = edited && fields[edited];
    if (box) {
      var own = (named[edited] || []).map(function (finding) { return finding.message; });
      summary = labelOf(box) + ": " + (own.length ? own.join(" ") : "no problems") + ". " + summary;
    }
    say(summary);
  }

  function check() {
    timer = null;
    var number = ++asked;
    window.fetch(address, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        var refused = new Error("check refused (" + response.status + ")");
        refused.refusal = REFUSALS[response.status];
        throw refused;
      }
      return response.json();
    }).then(function (answer) {
      if (number === asked) show(answer);
    }).catch(function (error) {
      if (number === asked) {
        say((error && error.refusal) || "The live check is not available now; saving still checks the record.");
      }
    });
  }

  function changed(event) {
    if (!event.target.name) return;
    edited = event.target.name;
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY_MS);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () {
    if (timer !== null) window.clearTimeout(timer);
    asked += 1; // an answer arriving now is for a page about to be replaced
  });
})();
