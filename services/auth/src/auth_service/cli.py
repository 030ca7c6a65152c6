"""``cadence-auth``: operator commands of the auth service.

- ``cadence-auth create-admin --email EMAIL``: creates the first admin (password from the
  terminal, or stdin with ``--password-stdin``), or promotes an existing account.
- ``cadence-auth rotate-key``: the current signing key file becomes the previous one (still in
  the JWKS) and a new key signs from the next start on.
- ``cadence-auth generate-key``: prints a new signing key (PEM), for keys kept outside files.
"""

import argparse
import asyncio
import getpass
import sys

from pydantic import ValidationError

from auth_service import service
from auth_service.keys import generate_pem, previous_key_path, rotate_key_file, signing_key_path
from auth_service.passwords import MAX_LENGTH, MIN_LENGTH, Passwords
from auth_service.schemas import RegisterRequest
from auth_service.settings import Settings
from cadence_shared.db import create_engine, session_factory


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password for the admin: ")
    if password != getpass.getpass("Again: "):
        sys.exit("The two passwords differ.")
    return password


async def _create_admin(settings: Settings, email: str, password: str | None) -> None:
    engine = create_engine(settings)
    try:
        async with session_factory(engine)() as session:
            user, created = await service.create_or_promote_admin(
                session, email=email, password=password, passwords=Passwords.from_settings(settings)
            )
            await session.commit()
    finally:
        await engine.dispose()
    print(f"{'Created' if created else 'Promoted'} admin {user.email} ({user.id}).")


def create_admin(args: argparse.Namespace) -> None:
    settings = Settings()
    password = _read_password(args.password_stdin) if not args.keep_password else None
    try:
        # The same rules as registration: a normalised email, 8-128 characters.
        checked = RegisterRequest(email=args.email, password=password or "x" * MIN_LENGTH)
    except ValidationError as exc:
        sys.exit(
            f"Not valid: {exc.errors()[0]['loc'][-1]}: {exc.errors()[0]['msg']} "
            f"(passwords are {MIN_LENGTH}-{MAX_LENGTH} characters)"
        )
    asyncio.run(_create_admin(settings, checked.email, password))


def rotate_key(_: argparse.Namespace) -> None:
    settings = Settings()
    path = signing_key_path(settings)
    if path is None:
        sys.exit(
            "AUTH_SIGNING_KEY holds the PEM itself: rotate by moving it to "
            "AUTH_PREVIOUS_SIGNING_KEY and setting AUTH_SIGNING_KEY to `cadence-auth generate-key`."
        )
    key = rotate_key_file(path)
    print(f"New signing key {key.kid} in {path}; the old one is in {previous_key_path(path)}.")
    print("Restart every auth replica. Rotate again only after the access-token lifetime.")


def generate_key(_: argparse.Namespace) -> None:
    sys.stdout.write(generate_pem().decode())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="cadence-auth", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True)
    admin = commands.add_parser("create-admin", help="create or promote an admin account")
    admin.add_argument("--email", required=True)
    source = admin.add_mutually_exclusive_group()
    source.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    source.add_argument(
        "--keep-password", action="store_true", help="promote an existing account as it is"
    )
    admin.set_defaults(run=create_admin)
    commands.add_parser("rotate-key", help="rotate the signing key file").set_defaults(
        run=rotate_key
    )
    commands.add_parser("generate-key", help="print a new signing key").set_defaults(
        run=generate_key
    )
    args = parser.parse_args(argv)
    args.run(args)
