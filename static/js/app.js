// The little JavaScript the pages need; everything works without it.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".main-nav__toggle");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const nav = toggle.closest(".main-nav");
      const open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Forms that change something important ask for confirmation first.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
