#!/usr/bin/env python3
"""Writes the lint benchmark's corpus: N Markdown files (default 20,000, about 100 MB), one in
ten with relay snippets (cURL, Python, Node.js; some broken), the others docs prose with code
blocks in other languages. Deterministic for a given seed.

    python3 benches/make-corpus.py DIR [--files 20000] [--seed 1]
"""
import argparse
import os
import random

WORDS = (
    "the relay api request response model token quota group channel docs page example key "
    "header user agent endpoint stream reply error retry limit timeout proxy server client "
    "python node curl json field value price input output reasoning message content text"
).split()

RELAY = [
    """```bash
curl https://www.open1.codes/v1/responses \\
  -H "Authorization: Bearer $OPEN1_API_KEY" \\
  -H "Accept: application/json" \\
  -H "User-Agent: curl/8.0" \\
  -H "Content-Type: application/json" \\
  -d '{{"model": "gpt-5.4", "input": "{prompt}"}}'
```
""",
    """```python
import os
import requests

response = requests.post(
    "https://www.open1.codes/v1/responses",
    headers={{"Authorization": f"Bearer {{os.environ['OPEN1_API_KEY']}}", "User-Agent": "curl/8.0"}},
    json={{"model": "gpt-5.1", "input": "{prompt}"}},
    timeout=600,
)
print(response.json())
```
""",
    """```js
const response = await fetch("https://www.open1.codes/v1/responses", {{
  method: "POST",
  headers: {{ Authorization: `Bearer ${{process.env.OPEN1_API_KEY}}`, "Content-Type": "application/json" }},
  body: JSON.stringify({{ model: "gpt-5.4", input: "{prompt}" }}),
}});
```
""",
    """```sh
curl http://open1.codes/v1/chat/completions -H "Authorization: Bearer  $OPEN1_API_KEY" -d '{{"model": "gpt-5.4-mini",}}'
```
""",
]

OTHER = [
    "```json\n{{\"name\": \"{w}\", \"version\": \"1.0.{n}\", \"private\": true}}\n```\n",
    "```yaml\nservice:\n  name: {w}\n  replicas: {n}\n```\n",
    "```text\n$ make {w}\nok ({n} ms)\n```\n",
    "```bash\nexport PATH=$HOME/.local/bin:$PATH\nmake -j{n} {w}\n```\n",
]


def paragraph(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))).capitalize() + ".\n\n"


def document(rng, relay, target):
    parts = [f"---\ntitle: {rng.choice(WORDS)} {rng.randint(1, 999)}\n---\n\n# {rng.choice(WORDS).title()}\n\n"]
    size = len(parts[0])
    while size < target:
        roll = rng.random()
        if relay and roll < 0.15:
            part = rng.choice(RELAY).format(prompt=" ".join(rng.choice(WORDS) for _ in range(6)))
        elif roll < 0.3:
            part = rng.choice(OTHER).format(w=rng.choice(WORDS), n=rng.randint(1, 64))
        elif roll < 0.4:
            part = f"## {rng.choice(WORDS).title()}\n\n- {rng.choice(WORDS)}\n- {rng.choice(WORDS)}\n\n"
        else:
            part = paragraph(rng)
        parts.append(part)
        size += len(part)
    return "".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.files):
        folder = os.path.join(args.dir, f"section-{i % 100:02d}")
        os.makedirs(folder, exist_ok=True)
        text = document(rng, relay=(i % 10 == 0), target=rng.randint(2500, 7500))
        with open(os.path.join(folder, f"page-{i:05d}.md"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
