// Up and down buttons on the lesson rows of a course's admin page. Moving a
// row renumbers every position in the order shown; saving the course saves
// them through the lesson services like any other edit.
(function () {
  "use strict";

  const ROW = "tr.form-row:not(.empty-form)";

  function renumber(tbody) {
    tbody.querySelectorAll(ROW).forEach((row, index) => {
      const input = row.querySelector("td.field-position input");
      if (input) {
        input.value = index + 1;
      }
    });
  }

  function moveButton(row, label, symbol, direction) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "lesson-move";
    button.textContent = symbol;
    button.title = label;
    button.setAttribute("aria-label", label);
    button.addEventListener("click", () => {
      const tbody = row.parentElement;
      const sibling =
        direction < 0 ? row.previousElementSibling : row.nextElementSibling;
      if (!sibling || !sibling.matches(ROW)) {
        return;
      }
      if (direction < 0) {
        tbody.insertBefore(row, sibling);
      } else {
        tbody.insertBefore(sibling, row);
      }
      renumber(tbody);
      button.focus();
    });
    return button;
  }

  function equip(row) {
    const cell = row.querySelector("td.field-position");
    if (!cell || cell.querySelector(".lesson-move")) {
      return;
    }
    cell.append(
      moveButton(row, "Monter la leçon", "↑", -1),
      moveButton(row, "Descendre la leçon", "↓", 1),
    );
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(`#lessons-group ${ROW}`).forEach(equip);
  });
  document.addEventListener("formset:added", (event) => {
    if (event.detail && event.detail.formsetName === "lessons") {
      equip(event.target);
    }
  });
})();
