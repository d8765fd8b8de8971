// Application form enhancements. The form works without any of this.
(function () {
  "use strict";

  // A live character count under the personal statement. The visible count updates as
  // the person types; screen readers hear it only after a pause, not at every key.
  function addCounter(textarea) {
    if (textarea.dataset.counterReady) return;
    textarea.dataset.counterReady = "true";
    const max = parseInt(textarea.getAttribute("maxlength"), 10);
    if (!max) return;
    const visible = document.createElement("p");
    visible.className = "field__count";
    visible.setAttribute("aria-hidden", "true");
    const spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", spoken);
    textarea.insertAdjacentElement("afterend", visible);
    let timer = null;
    function message() {
      // Count a line break as one character, as maxlength and the server do.
      const used = textarea.value.replace(/\r\n/g, "\n").length;
      const left = max - used;
      return left >= 0
        ? "You have " + left.toLocaleString("en-GB") + " characters remaining"
        : "You have " + (-left).toLocaleString("en-GB") + " characters too many";
    }
    function update() {
      const text = message();
      visible.textContent = text;
      visible.classList.toggle("field__count--over", text.indexOf("too many") !== -1);
      clearTimeout(timer);
      timer = setTimeout(function () { spoken.textContent = text; }, 1000);
    }
    textarea.addEventListener("input", update);
    visible.textContent = message();
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-counter]").forEach(addCounter);
  }

  // After a submission with errors, move focus to the error summary so it is read first.
  function focusSummary() {
    const summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  }

  // One submission at a time: a double click must not send the application twice.
  function guardSubmit(event) {
    const form = event.target;
    if (!form.classList || !form.classList.contains("enrol-form")) return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "true";
    const button = form.querySelector('button[type="submit"]');
    if (button) {
      button.setAttribute("aria-disabled", "true");
      button.textContent = "Sending…";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    focusSummary();
  });
  // Fields re-rendered by the field check arrive through htmx.
  document.addEventListener("htmx:load", function (event) { enhance(event.detail.elt); });
  document.addEventListener("submit", guardSubmit);
  // Coming back through the browser's history restores the page as it was left.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form.enrol-form").forEach(function (form) {
      delete form.dataset.submitting;
      const button = form.querySelector('button[type="submit"]');
      if (button) {
        button.removeAttribute("aria-disabled");
        button.textContent = "Send application";
      }
    });
  });
})();
