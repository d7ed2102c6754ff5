// Passkeys (WebAuthn): ask the server for options, let the browser create or use a passkey,
// hand the answer back. The server speaks JSON with binary fields as base64url.
//
// Markup: an element with data-passkey="create" or data-passkey="get", data-options-url and
// data-verify-url, holding a csrf_token input, a button and an element with role="alert".
// For "create" an input named "name" gives the passkey's name.
(() => {
  const toBytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const toText = (buffer) => {
    let binary = "";
    new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const creationOptions = (options) => ({
    ...options,
    challenge: toBytes(options.challenge),
    user: { ...options.user, id: toBytes(options.user.id) },
    excludeCredentials: (options.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  });
  const requestOptions = (options) => ({
    ...options,
    challenge: toBytes(options.challenge),
    allowCredentials: (options.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  });

  const created = (credential) => ({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toText(credential.response.clientDataJSON),
      attestationObject: toText(credential.response.attestationObject),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    },
  });
  const asserted = (credential) => ({
    id: credential.id,
    rawId: toText(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: toText(credential.response.clientDataJSON),
      authenticatorData: toText(credential.response.authenticatorData),
      signature: toText(credential.response.signature),
      userHandle: credential.response.userHandle ? toText(credential.response.userHandle) : null,
    },
  });

  const post = async (url, token, body) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  };

  const run = async (box) => {
    const token = box.querySelector("[name=csrf_token]").value;
    const kind = box.dataset.passkey;
    const name = box.querySelector("[name=name]");
    const options = await post(box.dataset.optionsUrl, token);
    let body;
    if (kind === "create") {
      const credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
      body = { name: name ? name.value : "", credential: created(credential) };
    } else {
      const credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
      body = { credential: asserted(credential), next: box.dataset.next || "" };
    }
    const result = await post(box.dataset.verifyUrl, token, body);
    window.location.assign(result.redirect);
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-passkey]").forEach((box) => {
      const alert = box.querySelector("[role=alert]");
      const button = box.querySelector("button");
      if (!window.PublicKeyCredential) {
        alert.textContent = box.dataset.unsupported || "";
        button.disabled = true;
        return;
      }
      button.addEventListener("click", async (event) => {
        event.preventDefault();
        alert.textContent = "";
        button.disabled = true;
        try {
          await run(box);
        } catch (error) {
          alert.textContent = error.name === "NotAllowedError" ? box.dataset.cancelled : error.message;
          button.disabled = false;
        }
      });
    });
  });
})();
