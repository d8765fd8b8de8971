// Reorder an admin inline with "Move up" / "Move down" buttons instead of typing positions.
// Each row's position input becomes hidden and is renumbered 1..n in the order shown (on every
// move, on "Add another" and before submitting). Without JavaScript the position inputs stay.
(function () {
  "use strict";
  const live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");

  function positionInput(item) {
    return item.querySelector('input[name$="-position"]');
  }
  function items(group) {
    const prefix = group.id.replace(/-group$/, "");
    const pattern = new RegExp("^" + prefix + "-\\d+$");
    return Array.from(group.querySelectorAll("[id^='" + prefix + "-']")).filter(function (el) {
      return pattern.test(el.id) && positionInput(el);
    });
  }
  function name(item) {
    const field = Array.from(item.querySelectorAll("input[type=text], textarea, select")).find(function (el) {
      return !/-position$/.test(el.name) && (el.value || el.selectedOptions);
    });
    if (!field) return "row";
    return (field.tagName === "SELECT" ? field.selectedOptions[0].textContent : field.value).trim().slice(0, 60) || "row";
  }
  function renumber(group) {
    items(group).forEach(function (item, index) { positionInput(item).value = index + 1; });
  }
  function errorRow(el) {
    return el && el.classList.contains("row-form-errors") ? el : null;
  }
  function move(group, item, step) {
    const list = items(group);
    const index = list.indexOf(item);
    const other = list[index + step];
    if (!other) return;
    const errors = errorRow(item.previousElementSibling);
    const parent = item.parentNode;
    parent.insertBefore(item, step < 0 ? errorRow(other.previousElementSibling) || other : other.nextElementSibling);
    if (errors) parent.insertBefore(errors, item);
    renumber(group);
    live.textContent = "Moved “" + name(item) + "” to position " + (index + step + 1) + " of " + list.length + ".";
  }
  function button(label, text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "order-button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }
  function enhance(group, item) {
    const input = positionInput(item);
    if (!input || input.type === "hidden") return;
    input.type = "hidden";
    const tools = document.createElement("span");
    tools.className = "order-buttons";
    tools.append(
      button("Move up: " + name(item), "↑", function (event) { move(group, item, -1); event.currentTarget.focus(); }),
      button("Move down: " + name(item), "↓", function (event) { move(group, item, 1); event.currentTarget.focus(); })
    );
    input.after(tools);
  }
  function setUp(group) {
    if (!items(group).length && !group.querySelector('[id$="-empty"] input[name$="-position"]')) return;
    group.classList.add("is-orderable");
    items(group).forEach(function (item) { enhance(group, item); });
    renumber(group);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.body.append(live);
    const groups = Array.from(document.querySelectorAll(".js-inline-admin-formset"));
    groups.forEach(setUp);
    document.addEventListener("formset:added", function (event) {
      const group = event.target.closest(".js-inline-admin-formset");
      if (!group) return;
      enhance(group, event.target);
      renumber(group);
    });
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () { groups.forEach(renumber); });
    });
  });
})();
