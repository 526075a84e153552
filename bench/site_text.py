"""Word and sentence banks for the synthetic help site: titles, section names, body text."""

from __future__ import annotations

import random
import re

PRODUCT = "Acme Cloud"

CATEGORIES = [
    "Getting Started",
    "Account & Login",
    "Billing & Payments",
    "Orders & Shipping",
    "Returns & Refunds",
    "Devices & Apps",
    "Privacy & Security",
    "Troubleshooting",
]

SUBTOPICS = [
    "passwords", "two-factor authentication", "profiles", "invoices", "subscriptions",
    "gift cards", "delivery times", "tracking", "international orders", "exchanges",
    "refund status", "mobile app", "desktop app", "smart TV", "notifications",
    "data export", "cookies", "parental controls", "error messages", "sync issues",
    "storage", "sharing", "teams", "integrations", "accessibility", "promotions",
    "loyalty points", "payment methods", "address book", "order history",
]  # fmt: skip

VERBS = [
    "reset", "change", "update", "cancel", "download", "install", "remove", "connect",
    "transfer", "recover", "verify", "export", "share", "restore", "enable", "disable",
    "track", "return", "pause", "upgrade", "merge", "rename", "print", "sync",
]  # fmt: skip

OBJECTS = [
    "my password", "my email address", "an order", "a subscription", "my invoice",
    "the mobile app", "two-factor authentication", "a payment method", "my account",
    "a gift card", "my delivery address", "a shared folder", "my profile photo",
    "notifications", "a refund", "my data", "a team member", "my billing plan",
    "a device", "the desktop app", "my username", "a backup", "a promo code",
    "my phone number", "a return label", "my order history", "a saved card",
]  # fmt: skip

QUALIFIERS = [
    "", "", "", " on Android", " on iPhone", " on a Mac", " on Windows", " from abroad",
    " after a failed payment", " without losing data", " for a team account",
    " in the web app", " before it ships", " on a shared device", " when I am signed out",
]  # fmt: skip

TITLE_TEMPLATES = [
    "How do I {verb} {obj}{qual}?",
    "How to {verb} {obj}{qual}",
    "Can I {verb} {obj}{qual}?",
    "Why can't I {verb} {obj}{qual}?",
    "What happens when I {verb} {obj}{qual}?",
    "Troubleshooting: unable to {verb} {obj}{qual}",
]

_SUBJECTS = [
    "Your account", "The app", "Our support team", "The billing page", "Each order",
    "The settings menu", "Your subscription", "The confirmation email", "A team admin",
    "The security check", "Your device", "The help center", "The checkout page",
    "Every invoice", "The mobile app", "The desktop client", "A refund request",
]  # fmt: skip

_PREDICATES = [
    "usually updates within a few minutes", "shows the current status at the top of the page",
    "may ask you to sign in again", "keeps a copy of your last changes",
    "sends a confirmation to the address on file", "needs a stable internet connection",
    "can take up to five business days", "is only available to the account owner",
    "lists every change in the activity log", "stays active until the end of the period",
    "does not affect your saved items", "can be changed at any time",
    "is protected by two-factor authentication", "works the same way on every device",
    "will be applied to your next invoice", "respects the limits of your current plan",
    "is processed in the order it was received", "remembers your preferred language",
]  # fmt: skip

_OPENERS = [
    "", "", "", "In most cases, ", "If this does not work, ", "Note that ", "Once confirmed, ",
    "For security reasons, ", "On some devices, ", "After you save, ", "By default, ",
    "To avoid delays, ", "If you use a shared computer, ", "When you are ready, ",
]  # fmt: skip

_TAILS = [
    ".", ".", ".", ", so check it before you continue.", " unless you opt out.",
    ", even when you are offline.", " and cannot be undone later.",
    " for both personal and business accounts.", " as described in the steps below.",
    " if your region supports it.", ", which keeps your information safe.",
]  # fmt: skip

_STEPS = [
    "Open the {p} app and sign in.", "Select your profile picture in the top-right corner.",
    "Go to Settings and choose the relevant section.", "Follow the on-screen instructions.",
    "Select Save to confirm the change.", "Check your inbox for a confirmation email.",
    "Restart the app if the change does not appear.", "Choose Continue to finish.",
    "Enter the verification code we sent you.", "Review the summary and select Confirm.",
]  # fmt: skip

H2_BANK = [
    "Before you begin", "Step-by-step instructions", "What to expect", "Common problems",
    "Things to know", "If something goes wrong", "Frequently asked questions",
    "Tips", "Limits and fees", "Related settings", "For team accounts", "Still need help?",
]  # fmt: skip

_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str, limit: int = 60) -> str:
    """A lowercase, hyphenated URL slug of at most `limit` characters."""
    return _SLUG_RE.sub("-", text.lower()).strip("-")[:limit].rstrip("-")


def make_title(rng: random.Random) -> str:
    """A help-article title built from the banks."""
    return rng.choice(TITLE_TEMPLATES).format(
        verb=rng.choice(VERBS), obj=rng.choice(OBJECTS), qual=rng.choice(QUALIFIERS)
    )


def make_sentences(rng: random.Random, count: int) -> list[str]:
    """A bank of distinct-ish body sentences (opener + subject + predicate + tail)."""
    out = []
    for _ in range(count):
        opener = rng.choice(_OPENERS)
        subject = rng.choice(_SUBJECTS)
        if opener:
            subject = subject[0].lower() + subject[1:]
        out.append(f"{opener}{subject} {rng.choice(_PREDICATES)}{rng.choice(_TAILS)}")
    return out


def steps() -> list[str]:
    """The how-to step bank, with the product name filled in."""
    return [s.format(p=PRODUCT) for s in _STEPS]
