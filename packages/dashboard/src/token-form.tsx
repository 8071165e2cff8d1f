// Asks for the API token; says plainly when the last one was refused.
import { useState } from "preact/hooks";

export function TokenForm({ refused, onToken }: { refused: boolean; onToken: (token: string) => void }) {
  const [value, setValue] = useState("");
  return (
    <section class="panel token" aria-labelledby="token-title">
      <h2 id="token-title">API token</h2>
      {refused && (
        <p class="error" role="alert" data-testid="token-refused">
          The API refused this token (401). No data is shown. Enter the token that <code>npm start</code>{" "}
          printed, or the deployment's <code>ApiToken</code> secret.
        </p>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <label for="token-input">Token</label>{" "}
        <input
          id="token-input"
          type="password"
          autocomplete="off"
          value={value}
          onInput={(event) => setValue(event.currentTarget.value)}
        />{" "}
        <button type="submit">Show the class</button>
      </form>
      <p class="muted small">
        The token stays in this tab only (session storage). A link ending in <code>#token=…</code> fills it
        in.
      </p>
    </section>
  );
}
