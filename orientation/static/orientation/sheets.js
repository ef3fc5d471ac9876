// The interview sheets' « Imprimer » button: a shortcut to the browser's own print command,
// which works without this script (the button stays hidden then).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
