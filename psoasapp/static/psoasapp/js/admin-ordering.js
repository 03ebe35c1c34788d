// "Move up" / "Move down" in the admin's ordered inlines (core/admin_ordering.py,
// templates/admin/edit_inline/order_controls.html). A press moves the row, numbers
// every row's order input 1, 2, 3... in the order shown (the server saves swaps in
// two steps), keeps focus on the pressed button and says the new place in the
// inline's polite live region. Without this script the numbers can be typed.
"use strict";
{
  const rowsOf = (group) =>
    Array.from(group.querySelectorAll("[data-order-row]")).filter(
      (row) => !row.classList.contains("empty-form") && row.closest("[data-order-noun]") === group,
    );

  const orderInput = (group, row) =>
    row.querySelector(`[name$="-${group.dataset.orderField}"]`);

  const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  // Name each button after its row's place: "Move step 3 up".
  const relabel = (group) => {
    rowsOf(group).forEach((row, index) => {
      row.querySelectorAll("[data-order-name]").forEach((name) => {
        name.textContent = `Move ${group.dataset.orderNoun} ${index + 1} `;
      });
    });
  };

  // Number the rows 1, 2, 3... in the order shown.
  const renumber = (group) => {
    rowsOf(group).forEach((row, index) => {
      const input = orderInput(group, row);
      if (input) {
        input.value = String(index + 1);
      }
    });
    relabel(group);
  };

  // A row is in use once it is saved or something besides its number was filled
  // in. A blank new row sent with a number would be taken for a row being added
  // (and its text asked for), so its number is emptied before the form is sent.
  const inUse = (group, row) => {
    if (row.classList.contains("has_original")) {
      return true;
    }
    const order = orderInput(group, row);
    return Array.from(row.querySelectorAll("input, select, textarea")).some((field) => {
      if (field === order || field.type === "hidden" || field.type === "button") {
        return false;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.checked !== field.defaultChecked;
      }
      if (field.tagName === "SELECT") {
        return Array.from(field.options).some(
          (option) => option.selected !== option.defaultSelected,
        );
      }
      return field.value !== field.defaultValue;
    });
  };

  const announce = (group, text) => {
    const status = group.querySelector("[data-order-status]");
    if (status) {
      status.textContent = text;
    }
  };

  const move = (button) => {
    const group = button.closest("[data-order-noun]");
    const row = button.closest("[data-order-row]");
    if (!group || !row) {
      return;
    }
    const noun = group.dataset.orderNoun;
    const rows = rowsOf(group);
    const from = rows.indexOf(row);
    const up = button.dataset.orderMove === "up";
    const to = up ? from - 1 : from + 1;
    if (to < 0 || to >= rows.length) {
      announce(
        group,
        `${capitalised(noun)} ${from + 1} is already ${up ? "first" : "last"}.`,
      );
      return;
    }
    if (up) {
      rows[to].before(row);
    } else {
      rows[to].after(row);
    }
    renumber(group);
    // Moving a node takes focus off it: give it back to the same button.
    button.focus();
    announce(
      group,
      `${capitalised(noun)} moved ${up ? "up" : "down"}: now ${noun} ${to + 1} of ` +
        `${rows.length}. Save to keep the new order.`,
    );
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-order-move]");
    if (button) {
      event.preventDefault();
      move(button);
    }
  });

  document.addEventListener("submit", (event) => {
    event.target.querySelectorAll("[data-order-noun]").forEach((group) => {
      rowsOf(group).forEach((row) => {
        const input = orderInput(group, row);
        if (input && !inUse(group, row)) {
          input.value = input.defaultValue;
        }
      });
    });
  });

  // inlines.js adds rows from a template row and says so with this event.
  document.addEventListener("formset:added", (event) => {
    const group = event.target.closest("[data-order-noun]");
    if (group) {
      relabel(group);
    }
  });
  document.addEventListener("formset:removed", (event) => {
    document.querySelectorAll("[data-order-noun]").forEach(relabel);
  });
}
