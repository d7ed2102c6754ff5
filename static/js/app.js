// The little JavaScript the pages need; everything works without it.
//
// - the menu toggle on small screens;
// - "add row" buttons of repeated rows, adding the row here (without JavaScript the
//   button posts the form back with one more empty row);
// - confirmation dialogs on forms with `data-confirm` (the server refuses an unconfirmed
//   post by itself: without JavaScript the user ticks "Ik bevestig");
// - the submit button disabled after the first click, with a progress text on forms with
//   `data-progress` (a courtesy: a repeated post of a create form is caught by its one-time
//   token on the server);
// - the input of a form kept in this tab's sessionStorage when it is posted, and put back
//   when the same form is shown again after the session or the form had expired;
// - a warning a few minutes before the idle time-out (`data-idle-seconds` on <body>).
(() => {
  const KEPT = "register.kept-form:";
  const TOKEN = "register.form-token:";
  const NEVER_KEPT = new Set(["csrf_token", "password", "confirmation", "confirmed"]);

  function formKey(form) {
    const url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    return KEPT + url.pathname + url.search;
  }

  function keptFields(form) {
    const fields = [];
    for (const element of form.elements) {
      if (!element.name || NEVER_KEPT.has(element.name) || element.disabled) continue;
      if (["file", "submit", "button", "reset", "password"].includes(element.type)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        fields.push([element.name, element.value, element.checked]);
      } else if (element.tagName === "SELECT" && element.multiple) {
        fields.push([element.name, Array.from(element.selectedOptions, (o) => o.value), true]);
      } else {
        fields.push([element.name, element.value, true]);
      }
    }
    return fields;
  }

  const TYPED = "textarea, select, input:not([type]), input[type=text], input[type=email], " +
    "input[type=date], input[type=number], input[type=url], input[type=tel]";

  function keep(form, state) {
    if (form.method.toLowerCase() !== "post" || form.dataset.keep === "off") return;
    // Not on the sign-in and error pages, nor for buttons without anything typed.
    if (document.body.hasAttribute("data-keeps-form") || !form.querySelector(TYPED)) return;
    try {
      const entry = { state, at: Date.now(), fields: keptFields(form) };
      window.sessionStorage.setItem(formKey(form), JSON.stringify(entry));
    } catch (error) {
      // Storage full or refused: the form still posts as usual.
    }
  }

  function restore(form, entry) {
    const byName = new Map();
    for (const [name, value, on] of entry.fields) {
      if (!byName.has(name)) byName.set(name, []);
      byName.get(name).push([value, on]);
    }
    for (const element of form.elements) {
      const saved = byName.get(element.name);
      if (!saved || NEVER_KEPT.has(element.name)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = saved.some(([value, on]) => value === element.value && on);
      } else if (element.tagName === "SELECT" && element.multiple) {
        const values = new Set(saved[0][0]);
        for (const option of element.options) option.selected = values.has(option.value);
      } else if (!["file", "submit", "button", "reset", "password"].includes(element.type)) {
        const next = saved.shift();
        if (next !== undefined) element.value = next[0];
      }
    }
  }

  // The page after a post: where the form expired or the user is asked to sign in, the
  // input waits for the form to come back; anywhere else the post went through.
  function settleKeptForms() {
    const waiting = document.body.hasAttribute("data-keeps-form");
    const maxAge = 12 * 60 * 60 * 1000;
    for (let i = window.sessionStorage.length - 1; i >= 0; i -= 1) {
      const key = window.sessionStorage.key(i);
      if (!key || !key.startsWith(KEPT)) continue;
      let entry;
      try {
        entry = JSON.parse(window.sessionStorage.getItem(key));
      } catch (error) {
        entry = null;
      }
      if (!entry || Date.now() - entry.at > maxAge) {
        window.sessionStorage.removeItem(key);
      } else if (entry.state === "posted") {
        if (waiting) {
          entry.state = "waiting";
          window.sessionStorage.setItem(key, JSON.stringify(entry));
        } else {
          window.sessionStorage.removeItem(key);
        }
      }
    }
  }

  function restoreKeptForms() {
    document.querySelectorAll("form[method=post], form[method=POST]").forEach((form) => {
      const key = formKey(form);
      const raw = window.sessionStorage.getItem(key);
      if (!raw) return;
      const entry = JSON.parse(raw);
      if (entry.state !== "waiting") return;
      restore(form, entry);
      window.sessionStorage.removeItem(key);
      const notice = document.createElement("p");
      notice.className = "alert kept-notice";
      notice.setAttribute("role", "status");
      notice.textContent = document.body.dataset.restoredText || "";
      form.prepend(notice);
    });
  }

  // A create form's one-time token (register/form_tokens.py) survives Back: the page is
  // fetched again with a fresh token, and saving it again must still find the first result.
  function rememberToken(form) {
    const token = form.querySelector("input[name=form_token]");
    if (token && token.value) window.sessionStorage.setItem(TOKEN + formKey(form), token.value);
  }

  function reuseTokensAfterBack() {
    const [navigation] = window.performance.getEntriesByType("navigation");
    if (!navigation || navigation.type !== "back_forward") return;
    document.querySelectorAll("form").forEach((form) => {
      const token = form.querySelector("input[name=form_token]");
      const used = window.sessionStorage.getItem(TOKEN + formKey(form));
      if (token && used) token.value = used;
    });
  }

  function onSubmit(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      form.querySelectorAll(".confirm-check input[type=checkbox]").forEach((box) => {
        box.checked = true;
      });
    }
    if (form.dataset.submitted) {
      event.preventDefault(); // a second click while the first post is on its way
      return;
    }
    keep(form, "posted");
    rememberToken(form);
    form.dataset.submitted = "1";
    // Disabled after this turn, so the clicked button's name and value are still posted.
    window.setTimeout(() => {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(
        (button) => {
          button.disabled = true;
          if (form.dataset.progress && button === event.submitter) {
            button.dataset.label = button.textContent;
            button.textContent = form.dataset.progress;
          }
        },
      );
      if (form.dataset.progress) form.setAttribute("aria-busy", "true");
    }, 0);
  }

  // "Add row" buttons of repeated rows: copy the last row, empty and renumbered, here and
  // now (without JavaScript the button posts the form back with one more empty row).
  function enableAddRowButtons() {
    document.querySelectorAll("button[data-add-row]").forEach((button) => {
      button.addEventListener("click", (event) => {
        const part = button.dataset.addRow;
        const list = button.closest("fieldset").querySelector(`[data-rows="${part}"]`);
        const rows = list.querySelectorAll(":scope > .row-entry");
        if (!rows.length) return;
        event.preventDefault();
        const row = rows[rows.length - 1].cloneNode(true);
        const prefix = new RegExp(`^${part}-\\d+-`);
        const renumber = (value) => value.replace(prefix, `${part}-${rows.length}-`);
        row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
          ["name", "id", "for"].forEach((attr) => {
            if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr)));
          });
          el.removeAttribute("aria-describedby");
          el.removeAttribute("aria-invalid");
        });
        row.querySelectorAll(".field__error").forEach((el) => el.remove());
        row.querySelectorAll(".field--error").forEach((el) => el.classList.remove("field--error"));
        row.querySelectorAll("input, textarea, select").forEach((el) => {
          if (el.type === "checkbox") el.checked = el.dataset.default === "on";
          else if (el.tagName === "SELECT") el.selectedIndex = 0;
          else el.value = "";
        });
        list.appendChild(row);
        const first = row.querySelector("input, select, textarea");
        if (first) first.focus();
      });
    });
  }

  function warnBeforeIdleTimeout() {
    const seconds = Number(document.body.dataset.idleSeconds || 0);
    if (!seconds) return;
    const lead = Math.min(5 * 60, seconds / 5);
    window.setTimeout(() => {
      const warning = document.createElement("div");
      warning.className = "alert alert--warning idle-warning";
      warning.setAttribute("role", "alert");
      warning.textContent = document.body.dataset.idleText || "";
      document.querySelectorAll("form[method=post], form[method=POST]").forEach((form) => {
        if (!form.dataset.submitted) keep(form, "waiting");
      });
      const main = document.getElementById("main") || document.body;
      main.prepend(warning);
    }, Math.max(0, (seconds - lead) * 1000));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.querySelector(".main-nav__toggle");
    if (toggle) {
      toggle.addEventListener("click", () => {
        const nav = toggle.closest(".main-nav");
        const open = nav.classList.toggle("is-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    // The dialog asks instead of the tick.
    document.querySelectorAll("form[data-confirm] .confirm-check").forEach((check) => {
      check.hidden = true;
    });
    document.addEventListener("submit", onSubmit);
    enableAddRowButtons();
    try {
      settleKeptForms();
      restoreKeptForms();
      reuseTokensAfterBack();
    } catch (error) {
      // No sessionStorage (private mode, disabled): forms work as without JavaScript.
    }
    warnBeforeIdleTimeout();
  });

  // Back to a page from the browser's cache: its buttons work again.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitted]").forEach((form) => {
      delete form.dataset.submitted;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[disabled], input[type=submit][disabled]").forEach((button) => {
        button.disabled = false;
        if (button.dataset.label) button.textContent = button.dataset.label;
      });
    });
  });
})();
