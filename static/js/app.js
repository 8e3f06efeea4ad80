// Progressive enhancement only: every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss]");
  if (button) {
    button.closest(".toast")?.remove();
  }
});
