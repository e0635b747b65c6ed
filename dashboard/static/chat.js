// Web chat client: posts what the visitor does, renders the bot's replies as text (never HTML).
(function () {
  "use strict";
  const log = document.getElementById("log");
  const keyboard = document.getElementById("keyboard");
  const errorBox = document.getElementById("error");
  let session = localStorage.getItem("webchat-session");
  if (!session) {
    session = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).replace(/[^A-Za-z0-9-]/g, "");
    localStorage.setItem("webchat-session", session);
  }
  let after = 0;
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());

  function bubble(text, who) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function render(messages) {
    for (const m of messages) {
      after = Math.max(after, m.id);
      const div = bubble(m.text, "bot");
      if (m.buttons && m.buttons.length) {
        const box = document.createElement("div");
        box.className = "buttons";
        for (const row of m.buttons) {
          for (const b of row) {
            const btn = document.createElement("button");
            btn.type = "button";
            btn.textContent = b.text;
            if (b.url) { btn.addEventListener("click", () => window.open(b.url, "_blank", "noopener")); }
            else { btn.addEventListener("click", () => { bubble(b.text, "me"); post({ callback: b.callback_data }); }); }
            box.appendChild(btn);
          }
        }
        div.appendChild(box);
      }
      if (m.keyboard && m.keyboard.length) { showKeyboard(m.keyboard); }
      else if (m.remove_keyboard) { keyboard.replaceChildren(); }
    }
  }

  function showKeyboard(rows) {
    keyboard.replaceChildren();
    for (const row of rows) {
      for (const b of row) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.textContent = b.text;
        btn.addEventListener("click", () => {
          if (b.request_location) { shareLocation(); }
          else if (b.request_contact) {
            const phone = window.prompt(b.text);
            if (phone) { bubble(phone, "me"); post({ phone: phone }); }
          } else { bubble(b.text, "me"); post({ text: b.text }); }
        });
        keyboard.appendChild(btn);
      }
    }
  }

  async function post(body) {
    errorBox.hidden = true;
    try {
      const res = await fetch("/chat/api/message", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(Object.assign({ session: session, id: newId(), after: after }, body)),
      });
      if (!res.ok) { throw new Error(String(res.status)); }
      render((await res.json()).messages);
    } catch (e) { errorBox.hidden = false; }
  }

  function shareLocation() {
    if (!navigator.geolocation) { errorBox.hidden = false; return; }
    navigator.geolocation.getCurrentPosition(
      (pos) => { bubble("📍", "me"); post({ location: { lat: pos.coords.latitude, lon: pos.coords.longitude } }); },
      () => { errorBox.hidden = false; });
  }

  async function poll() {
    try {
      const res = await fetch("/chat/api/messages?session=" + encodeURIComponent(session) + "&after=" + after);
      if (res.ok) { render((await res.json()).messages); }
    } catch (e) { /* offline: try again on the next tick */ }
  }

  document.getElementById("composer").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const input = document.getElementById("text");
    const text = input.value;
    if (!text.trim()) { return; }
    input.value = "";
    bubble(text, "me");
    post({ text: text });
  });
  document.getElementById("share-location").addEventListener("click", shareLocation);
  document.getElementById("photo").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (!file) { return; }
    const form = new FormData();
    form.append("session", session); form.append("id", newId()); form.append("after", String(after));
    form.append("file", file);
    bubble("🖼 " + file.name, "me");
    try {
      const res = await fetch("/chat/api/photo", { method: "POST", body: form });
      if (!res.ok) { throw new Error(String(res.status)); }
      render((await res.json()).messages);
    } catch (e) { errorBox.hidden = false; }
    ev.target.value = "";
  });

  poll().then(() => { if (after === 0) { post({ text: "/start" }); } });
  setInterval(poll, 3000);
})();
