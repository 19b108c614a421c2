// Job page: poll the JSON twin until the job ends, then reload for the server-rendered result.
(function () {
  const box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  const poll = () => fetch(box.dataset.status, { credentials: "same-origin" })
    .then((r) => r.json())
    .then((job) => {
      box.querySelector("progress").value = job.progress;
      document.getElementById("job-progress").textContent = job.progress;
      document.getElementById("job-message").textContent = job.message;
      if (job.state === "done" || job.state === "failed") window.location.reload();
      else setTimeout(poll, 1000);
    })
    .catch(() => setTimeout(poll, 3000));
  setTimeout(poll, 500);
})();
