#!/usr/bin/env python3
"""Draws the demo catalog's merchant photos: one SVG per merchant of etc/nerava-merchants.json, in
etc/nerava-merchant-photos/<merchant id>.svg, and points each merchant's photo_url at its file.

The pictures are drawn here from plain shapes (one illustration per category, the merchant's name on a band), so
they belong to the project and carry no licence question. Run it again after adding merchants to the seed:

    python3 tools/draw-merchant-photos.py
"""
import hashlib
import json
import pathlib
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT / "etc" / "nerava-merchants.json"
PHOTOS = ROOT / "etc" / "nerava-merchant-photos"

# Background gradient (top, bottom) and ink per category.
PALETTE = {
    "coffee": ("#7a4b2a", "#c89b6d", "#fff4e6"),
    "tea": ("#3f6b3a", "#9cc58a", "#f4fbef"),
    "bakery": ("#b5651d", "#f1c27d", "#fff8ec"),
    "restaurant": ("#8c1c13", "#e07a5f", "#fff1ec"),
    "ice_cream": ("#d96c9a", "#ffd1e3", "#fff6fa"),
    "juice": ("#e36414", "#ffb703", "#fffaf0"),
    "books": ("#22577a", "#7fb3d5", "#f0f7fc"),
    "bikes": ("#264653", "#2a9d8f", "#effaf8"),
    "fitness": ("#3d348b", "#7678ed", "#f2f1ff"),
    "grocery": ("#386641", "#a7c957", "#f6fbec"),
    "outdoors": ("#1d3557", "#457b9d", "#eef5fb"),
    "pharmacy": ("#0b6e4f", "#73c2a8", "#effbf6"),
}


def coffee(ink):
    return f"""
  <path d="M300 200 h200 v110 a100 100 0 0 1 -200 0 z" fill="{ink}"/>
  <circle cx="520" cy="250" r="38" fill="none" stroke="{ink}" stroke-width="18"/>
  <ellipse cx="400" cy="415" rx="170" ry="22" fill="{ink}" opacity="0.85"/>
  <path d="M345 170 q-20 -30 0 -60 q20 -30 0 -60" fill="none" stroke="{ink}" stroke-width="10" stroke-linecap="round" opacity="0.8"/>
  <path d="M400 170 q-20 -30 0 -60 q20 -30 0 -60" fill="none" stroke="{ink}" stroke-width="10" stroke-linecap="round" opacity="0.8"/>
  <path d="M455 170 q-20 -30 0 -60 q20 -30 0 -60" fill="none" stroke="{ink}" stroke-width="10" stroke-linecap="round" opacity="0.8"/>"""


def tea(ink):
    return f"""
  <ellipse cx="400" cy="300" rx="140" ry="105" fill="{ink}"/>
  <path d="M265 280 q-90 -10 -110 -90 q40 40 110 50 z" fill="{ink}"/>
  <path d="M535 250 q80 0 80 60 q0 60 -80 60" fill="none" stroke="{ink}" stroke-width="20"/>
  <rect x="345" y="175" width="110" height="28" rx="14" fill="{ink}"/>
  <circle cx="400" cy="160" r="18" fill="{ink}"/>
  <ellipse cx="400" cy="420" rx="190" ry="16" fill="{ink}" opacity="0.6"/>"""


def bakery(ink):
    return f"""
  <g fill="{ink}">
    <ellipse cx="400" cy="290" rx="70" ry="95"/>
    <ellipse cx="305" cy="305" rx="55" ry="80" transform="rotate(-35 305 305)"/>
    <ellipse cx="495" cy="305" rx="55" ry="80" transform="rotate(35 495 305)"/>
    <ellipse cx="235" cy="345" rx="38" ry="58" transform="rotate(-60 235 345)"/>
    <ellipse cx="565" cy="345" rx="38" ry="58" transform="rotate(60 565 345)"/>
  </g>
  <ellipse cx="400" cy="420" rx="200" ry="14" fill="{ink}" opacity="0.5"/>"""


def restaurant(ink):
    return f"""
  <path d="M230 270 h340 a170 150 0 0 1 -340 0 z" fill="{ink}"/>
  <path d="M270 262 q30 -40 60 0 q30 40 60 0 q30 -40 60 0 q30 40 60 0 q30 -40 60 0" fill="none" stroke="{ink}" stroke-width="10"/>
  <line x1="430" y1="250" x2="600" y2="110" stroke="{ink}" stroke-width="12" stroke-linecap="round"/>
  <line x1="455" y1="255" x2="625" y2="130" stroke="{ink}" stroke-width="12" stroke-linecap="round"/>"""


def ice_cream(ink):
    return f"""
  <path d="M330 300 h140 l-70 170 z" fill="{ink}" opacity="0.85"/>
  <circle cx="365" cy="270" r="55" fill="{ink}"/>
  <circle cx="435" cy="270" r="55" fill="{ink}"/>
  <circle cx="400" cy="205" r="60" fill="{ink}"/>
  <circle cx="400" cy="140" r="14" fill="{ink}"/>"""


def juice(ink):
    return f"""
  <path d="M320 170 h160 l-25 270 h-110 z" fill="{ink}"/>
  <line x1="430" y1="180" x2="500" y2="80" stroke="{ink}" stroke-width="14" stroke-linecap="round"/>
  <circle cx="520" cy="190" r="60" fill="none" stroke="{ink}" stroke-width="14"/>
  <path d="M520 130 v120 M460 190 h120 M478 148 l84 84 M562 148 l-84 84" stroke="{ink}" stroke-width="6"/>"""


def books(ink):
    return f"""
  <rect x="250" y="350" width="300" height="60" rx="6" fill="{ink}"/>
  <rect x="270" y="285" width="270" height="60" rx="6" fill="{ink}" opacity="0.85"/>
  <rect x="240" y="220" width="290" height="60" rx="6" fill="{ink}" opacity="0.7"/>
  <rect x="320" y="110" width="48" height="105" rx="4" fill="{ink}"/>
  <rect x="375" y="125" width="40" height="90" rx="4" fill="{ink}" opacity="0.8"/>
  <rect x="422" y="100" width="52" height="115" rx="4" fill="{ink}" opacity="0.9"/>"""


def bikes(ink):
    return f"""
  <circle cx="280" cy="340" r="90" fill="none" stroke="{ink}" stroke-width="16"/>
  <circle cx="520" cy="340" r="90" fill="none" stroke="{ink}" stroke-width="16"/>
  <path d="M280 340 l80 -130 h130 l30 130 M360 210 l50 130 h-130 M490 210 l-80 130" fill="none" stroke="{ink}" stroke-width="14" stroke-linejoin="round"/>
  <line x1="340" y1="190" x2="395" y2="190" stroke="{ink}" stroke-width="14" stroke-linecap="round"/>
  <path d="M480 180 h40" stroke="{ink}" stroke-width="14" stroke-linecap="round"/>"""


def fitness(ink):
    return f"""
  <rect x="250" y="280" width="300" height="26" rx="13" fill="{ink}"/>
  <rect x="200" y="215" width="50" height="156" rx="10" fill="{ink}"/>
  <rect x="550" y="215" width="50" height="156" rx="10" fill="{ink}"/>
  <rect x="160" y="245" width="40" height="96" rx="10" fill="{ink}" opacity="0.85"/>
  <rect x="600" y="245" width="40" height="96" rx="10" fill="{ink}" opacity="0.85"/>"""


def grocery(ink):
    return f"""
  <circle cx="340" cy="230" r="50" fill="{ink}" opacity="0.8"/>
  <circle cx="430" cy="215" r="55" fill="{ink}" opacity="0.9"/>
  <circle cx="500" cy="250" r="40" fill="{ink}" opacity="0.7"/>
  <path d="M230 260 h340 l-40 180 h-260 z" fill="{ink}"/>
  <path d="M290 300 v100 M350 300 v100 M410 300 v100 M470 300 v100" stroke="#00000022" stroke-width="10"/>"""


def outdoors(ink):
    return f"""
  <circle cx="560" cy="160" r="55" fill="{ink}" opacity="0.9"/>
  <path d="M150 440 l170 -260 l120 180 l70 -100 l140 180 z" fill="{ink}"/>
  <path d="M320 180 l40 60 l-25 -10 l-15 25 l-15 -25 l-25 10 z" fill="#ffffff" opacity="0.6"/>"""


def pharmacy(ink):
    return f"""
  <circle cx="400" cy="280" r="150" fill="{ink}"/>
  <path d="M370 180 h60 v70 h70 v60 h-70 v70 h-60 v-70 h-70 v-60 h70 z" fill="#ffffff" opacity="0.9"/>"""


DRAWINGS = {"coffee": coffee, "tea": tea, "bakery": bakery, "restaurant": restaurant, "ice_cream": ice_cream,
            "juice": juice, "books": books, "bikes": bikes, "fitness": fitness, "grocery": grocery,
            "outdoors": outdoors, "pharmacy": pharmacy}


def svg(merchant):
    category = merchant.get("category", "")
    top, bottom, ink = PALETTE.get(category, ("#444", "#999", "#fff"))
    draw = DRAWINGS.get(category, pharmacy)
    # A few dots placed from the id, so two merchants of one category do not look alike.
    seed = hashlib.sha256(merchant["id"].encode()).digest()
    dots = "".join(f'\n  <circle cx="{seed[i] * 3.1:.0f}" cy="{seed[i + 1] * 1.9:.0f}" r="{6 + seed[i + 2] % 18}"'
                   f' fill="{ink}" opacity="0.12"/>' for i in range(0, 24, 3))
    name = escape(merchant["name"])
    return f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600" width="800" height="600" role="img" aria-label="{name}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="{top}"/>
      <stop offset="1" stop-color="{bottom}"/>
    </linearGradient>
  </defs>
  <rect width="800" height="600" fill="url(#sky)"/>{dots}{draw(ink)}
  <rect y="490" width="800" height="110" fill="#00000055"/>
  <text x="400" y="560" text-anchor="middle" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="44" font-weight="600" fill="#ffffff">{name}</text>
</svg>
"""


def main():
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    PHOTOS.mkdir(exist_ok=True)
    for charger in seed["chargers"]:
        for merchant in charger.get("merchants", []):
            file = merchant["id"] + ".svg"
            (PHOTOS / file).write_text(svg(merchant), encoding="utf-8")
            merchant["photo_url"] = file
    SEED.write_text(json.dumps(seed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
