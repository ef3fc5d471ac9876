// « Copier le lien » next to the private link: progressive enhancement, the link itself stays
// selectable without JavaScript. The button is hidden until this script runs.
document.querySelectorAll("[data-copy-target]").forEach((button) => {
  const target = document.getElementById(button.dataset.copyTarget);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!target || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(target.textContent.trim()).then(
      () => { if (status) status.textContent = button.dataset.copied; },
      () => { if (status) status.textContent = button.dataset.failed; },
    );
  });
});
