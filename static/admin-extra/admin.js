"use strict";
// Accessible names for widgets that Django's admin builds in the browser and leaves without one
// (WCAG 4.1.2). Each fix runs when the widget appears: on the page, in a row added with "Add
// another", and again when select2 redraws a box after a choice.
//
// - select2 (the autocomplete fields) hides the real <select> and draws its own combobox, named
//   only by the chosen value: empty boxes have no name at all, and the search field of a
//   multiple choice never has one. Here both are named by the label of the real <select> (the
//   visually hidden one in a table row included), followed by the chosen value.
//   The open dropdown's search field is named the same way, and the combobox points to the
//   list of choices with aria-controls, as ARIA 1.2 asks (select2 4.0 uses aria-owns).
// - select2's "clear" cross sits inside the list of choices of a multiple box, where only list
//   items belong; it is a mouse shortcut (Backspace does the same), so it is hidden from
//   assistive technology.
// - The two-box filter (filter_horizontal) puts an aria-label on a plain <span>; it is an icon
//   with a text, so it gets role="img".
// - A file field is a fieldset whose legend names the field, but not the file input in it; the
//   input is named by the legend.
// - The date shortcuts ("Today", and "Yesterday", "Today", "Tomorrow" in the calendar) must
//   have their visible word in their name (WCAG 2.5.3): when the translation of the longer
//   label is missing, the visible word leads it.
{
    const labelId = (select) => {
        const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
        if (!label) {
            return null;
        }
        if (!label.id) {
            label.id = `${select.id}-label`;
        }
        return label.id;
    };

    const nameSelect2 = (container) => {
        const select = container.previousElementSibling;
        if (!select || select.tagName !== "SELECT") {
            return;
        }
        const label = labelId(select);
        const single = container.querySelector(".select2-selection--single");
        if (single) {
            const rendered = single.querySelector(".select2-selection__rendered");
            // The drawn value is text inside the combobox, not a second (nameless) text box.
            rendered.removeAttribute("role");
            rendered.removeAttribute("aria-readonly");
            if (label) {
                single.setAttribute("aria-labelledby", `${label} ${rendered.id}`);
            }
        }
        const search = container.querySelector(".select2-search__field");
        // A single box's search field lives in the dropdown, which is only in the page while
        // it is open; it is named when it arrives (see nameDropdown).
        if (search && label && !search.hasAttribute("aria-labelledby")) {
            search.setAttribute("aria-labelledby", label);
        }
        container.querySelectorAll(".select2-selection__clear").forEach((cross) => {
            cross.setAttribute("aria-hidden", "true");
        });
    };

    // The open dropdown of a single box: its search field, named after the box's <select>,
    // which the field's aria-controls (select2-<id of the select>-results) points back to.
    const nameDropdown = (dropdown) => {
        const search = dropdown.querySelector(".select2-search__field[aria-controls]");
        const match = search && /^select2-(.+)-results$/.exec(search.getAttribute("aria-controls"));
        const select = match && document.getElementById(match[1]);
        const label = select && labelId(select);
        if (label) {
            search.setAttribute("aria-labelledby", label);
        }
    };

    // ARIA 1.2: an open combobox names its popup with aria-controls; select2 4.0 uses aria-owns.
    const mirrorOwns = (combobox) => {
        const owns = combobox.getAttribute("aria-owns");
        if (owns) {
            combobox.setAttribute("aria-controls", owns);
        } else {
            combobox.removeAttribute("aria-controls");
        }
    };

    const fixTodayLink = (link) => {
        const text = link.textContent.trim();
        const name = link.getAttribute("aria-label") || "";
        if (text && !name.toLocaleLowerCase().includes(text.toLocaleLowerCase())) {
            const date = name.indexOf("(");
            link.setAttribute("aria-label", date >= 0 ? `${text} ${name.slice(date)}` : text);
        }
    };

    const nameByLegend = (input) => {
        const legend = input.closest("fieldset")?.querySelector(":scope > legend");
        if (!legend || input.labels.length || input.hasAttribute("aria-label")
            || input.hasAttribute("aria-labelledby")) {
            return;
        }
        if (!legend.id) {
            legend.id = `${input.id || input.name}-legend`;
        }
        input.setAttribute("aria-labelledby", legend.id);
    };

    const fix = (root) => {
        if (!(root instanceof Element)) {
            return;
        }
        const all = (selector) => [
            ...(root.matches(selector) ? [root] : []),
            ...root.querySelectorAll(selector),
        ];
        all(".select2-container").forEach(nameSelect2);
        all(".select2-dropdown").forEach(nameDropdown);
        const box = root.closest(".select2-container");
        if (box) {
            nameSelect2(box);  // select2 redrew a part of a box
        }
        all(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
            icon.setAttribute("role", "img");
        });
        all(".datetimeshortcuts a[aria-label], .calendar-shortcuts a[aria-label]").forEach(
            fixTodayLink,
        );
        all(".form-row input[type=file]").forEach(nameByLegend);
    };

    new MutationObserver((records) => {
        for (const record of records) {
            if (record.type === "attributes") {
                mirrorOwns(record.target);
            } else {
                record.addedNodes.forEach(fix);
            }
        }
    }).observe(document.documentElement, {
        childList: true, subtree: true, attributes: true, attributeFilter: ["aria-owns"],
    });
    document.addEventListener("DOMContentLoaded", () => fix(document.body));
}
