"""`minefree form-key USERNAME`: a key holder makes the centre's key for encrypted forms from a shell."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any


def _passphrase(args: argparse.Namespace) -> tuple[str, str]:
    if args.passphrase_stdin:  # two lines, for scripted set-ups; never a command-line argument
        lines = [*sys.stdin.read().splitlines(), "", ""]
        return lines[0], lines[1]
    return getpass.getpass("Passphrase: "), getpass.getpass("Passphrase again: ")


def form_key(args: argparse.Namespace) -> int:
    from django.contrib.auth.models import User

    from minefree.core.errors import ActionError
    from minefree.fieldcollection import encryption, xforms
    from minefree.fieldcollection.models import is_key_holder

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None or not is_key_holder(user):
        print(f"minefree form-key: {args.username!r} is not one of the centre's key holders", file=sys.stderr)
        return 2
    first, second = _passphrase(args)
    if first != second:
        print("minefree form-key: passphrase: the two entries differ", file=sys.stderr)
        return 2
    try:
        encryption.create_key(user, first)
        made = xforms.encrypt_personal_forms(user)
    except ActionError as exc:
        for field, messages in exc.errors.items():
            print(f"minefree form-key: {field}: {' '.join(str(m) for m in messages)}", file=sys.stderr)
        return 2
    for form in made:
        print(f"published {form.form_id} version {form.version}, encrypted with the new key")
    return 0


def add_form_key_parser(sub: Any) -> None:
    k = sub.add_parser("form-key", help="make the centre's key for encrypted forms (asks for its passphrase)")
    k.add_argument("username", help="a key holder: an NMAC editor who holds personal data")
    k.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase twice from standard input")
    k.set_defaults(func=form_key)
