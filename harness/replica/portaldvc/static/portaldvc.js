/* Scripts of the portaldvc replica: the CAPTCHA's refresh (and, in the accessible twin, its
   audio) and, after a postback, focus on what the page answers (the accessible twin only:
   WebForms pages otherwise start again from the top). */
(function () {
  "use strict";

  function announce(region, text) {
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 150);
  }

  var base = "/portaldvc/CaptchaImage.axd";
  document.addEventListener("click", function (event) {
    var refresh = event.target.closest("[data-captcha] .refresh");
    var listen = event.target.closest("[data-captcha] .listen");
    if (!refresh && !listen) { return; }
    event.preventDefault();
    var box = (refresh || listen).closest("[data-captcha]");
    var status = box.querySelector(".captcha-status");
    var hidden = box.querySelector('input[type=hidden]');
    if (refresh) {
      fetch(base + "/new", { cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          box.querySelector(".captcha-img").src = base + "/captcha/" + data.id + ".svg";
          hidden.value = data.id;
          box.querySelector(".captcha-input").value = "";
          announce(status, "Đã đổi mã mới.");
        });
      return;
    }
    new Audio(base + "/captcha/" + hidden.value + ".wav").play().catch(function () {
      announce(status, "Không phát được âm thanh. Hãy đổi mã khác rồi nghe lại.");
    });
  });

  var first = document.querySelector("[data-autofocus]");
  if (first) { first.focus(); }
})();
