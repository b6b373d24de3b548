"""``shopbridge sandbox``: serve a sandbox store, or act on a running one.

Without a sub-command it serves (``--host``/``--port``/``--plan``/``--data``...).
The sub-commands call a running sandbox's control API over HTTP (``--url``, or
``SHOPBRIDGE_SANDBOX_URL``), so a second terminal can play merchant and shopper.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from rich.console import Console

from shopbridge.sandbox.config import DEFAULT_SHOP_DOMAIN, SandboxConfig
from shopbridge.sandbox.cost import CostModel
from shopbridge.sandbox.throttle import PLANS

__all__ = ["DEFAULT_PORT", "sandbox_cli"]

DEFAULT_PORT: Final = 8765

sandbox_cli = typer.Typer(
    help="An offline Shopify store (Admin + Storefront GraphQL, webhooks) to rehearse flows.",
    invoke_without_command=True,
)
out = Console()
err = Console(stderr=True)

UrlOption = Annotated[
    str,
    typer.Option("--url", envvar="SHOPBRIDGE_SANDBOX_URL", help="The running sandbox's base URL."),
]
DEFAULT_URL = f"http://127.0.0.1:{DEFAULT_PORT}"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@sandbox_cli.callback()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = DEFAULT_PORT,
    plan: Annotated[
        str, typer.Option(help=f"Throttle plan: {', '.join(sorted(PLANS))}.")
    ] = "standard",
    data: Annotated[
        Path | None, typer.Option(help="SQLite file keeping the store (in memory without).")
    ] = None,
    shop: Annotated[str, typer.Option(help="The shop's domain.")] = DEFAULT_SHOP_DOMAIN,
    admin_token: Annotated[
        str, typer.Option(help="Admin API access token (generated if empty).")
    ] = "",
    storefront_token: Annotated[
        str, typer.Option(help="Storefront API token (generated if empty).")
    ] = "",
    app_secret: Annotated[
        str, typer.Option(help="App secret signing webhooks (generated if empty).")
    ] = "",
    cost_model: Annotated[
        CostModel,
        typer.Option(help="documented: Shopify's published rules; observed: as measured."),
    ] = CostModel.DOCUMENTED,
    collector_url: Annotated[
        str | None, typer.Option(help="Where simulated shoppers' Web Pixels events go.")
    ] = None,
    webhook_time_scale: Annotated[
        float,
        typer.Option(help="Multiply webhook retry waits (0.001: Shopify's 4 h in 14 s)."),
    ] = 1.0,
    seed_value: Annotated[
        int, typer.Option("--seed", help="Seed of ids and simulated faults.")
    ] = 0,
) -> None:
    """Serve a sandbox store until Ctrl-C (when no sub-command is given)."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        config = SandboxConfig(
            shop_domain=shop,
            admin_token=admin_token,
            storefront_token=storefront_token,
            app_secret=app_secret,
            plan=plan,
            data_file=data,
            cost_model=cost_model,
            collector_url=collector_url,
            webhook_time_scale=webhook_time_scale,
            seed=seed_value,
        )
    except ValueError as exc:
        raise _fail(str(exc), code=2) from None

    from shopbridge.cli import _run
    from shopbridge.sandbox.serve import Banner, serve_sandbox

    def ready(lines: Banner) -> None:
        out.print("[bold green]sandbox store ready[/]")
        for label, value in lines:
            out.print(f"  {label:<17} {value}", highlight=False)
        out.print("  press Ctrl-C to stop")

    try:
        _run(serve_sandbox(config, host, port, ready))
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _call(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    """One control API call; prints the problem and exits non-zero on an error answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - the operator's own sandbox URL
        f"{url.rstrip('/')}/sandbox{path}",
        data=data,
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        try:
            problem = json.loads(exc.read() or b"{}")
        except ValueError:  # not a problem document (a proxy's or a crash's page)
            problem = {}
        problem = problem if isinstance(problem, dict) else {}
        items = problem.get("errors") or []
        for item in items:
            err.print(f"[red]✗[/] {item.get('field')}: {item.get('message')}", highlight=False)
        if items:
            raise typer.Exit(1) from None
        raise _fail(problem.get("detail") or f"HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise _fail(
            f"no sandbox answering at {url} ({exc.reason}); start one with `shopbridge sandbox`"
        ) from None


def _show(value: Any) -> None:
    out.print_json(json.dumps(value))


@sandbox_cli.command()
def state(url: UrlOption = DEFAULT_URL) -> None:
    """Show the store: shop, counts of each entity, webhooks."""
    _show(_call(url, "GET", "/state"))


@sandbox_cli.command()
def seed(
    url: UrlOption = DEFAULT_URL,
    products: Annotated[int, typer.Option(help="Products to create.")] = 10,
    variants: Annotated[int, typer.Option(help="Variants per product.")] = 3,
    locations: Annotated[int, typer.Option(help="Locations stocking them.")] = 1,
    seed_value: Annotated[int, typer.Option("--seed", help="Seed of the generator.")] = 0,
) -> None:
    """Add a deterministic catalog (the same numbers always give the same products)."""
    body = {"products": products, "variants": variants, "locations": locations, "seed": seed_value}
    _show(_call(url, "POST", "/seed", body))


@sandbox_cli.command()
def stock(
    sku: Annotated[str, typer.Argument(help="SKU or ProductVariant GID.")],
    url: UrlOption = DEFAULT_URL,
    set_to: Annotated[int | None, typer.Option("--set", help="Absolute quantity.")] = None,
    delta: Annotated[int | None, typer.Option(help="Change by this much.")] = None,
    location: Annotated[
        str | None, typer.Option(help="Location name or GID (primary if absent).")
    ] = None,
    name: Annotated[str, typer.Option(help="Quantity name (available, on_hand...).")] = "available",
) -> None:
    """Edit stock as a merchant in the admin (Shopify then sends inventory_levels/update)."""
    body: dict[str, Any] = {"sku": sku, "location": location, "name": name}
    body |= {"set": set_to} if set_to is not None else {"delta": delta}
    _show(_call(url, "POST", "/stock", body))


@sandbox_cli.command()
def faults(
    url: UrlOption = DEFAULT_URL,
    api: Annotated[
        list[str] | None,
        typer.Option(help="API switch NAME=VALUE (error_rate, error_status, slow_rate...)."),
    ] = None,
    webhooks: Annotated[
        list[str] | None, typer.Option(help="Webhook switch NAME=VALUE (duplicate_rate...).")
    ] = None,
) -> None:
    """Show fault switches, or change them (e.g. --api error_rate=0.2 --api restore_rate=10)."""
    if not api and not webhooks:
        _show(_call(url, "GET", "/faults"))
        return
    body = {"api": _pairs("--api", api or []), "webhooks": _pairs("--webhooks", webhooks or [])}
    _show(_call(url, "PUT", "/faults", body))


def _pairs(option: str, items: list[str]) -> dict[str, Any]:
    pairs: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name:
            raise _fail(f"{option}: expected NAME=VALUE, got {item!r}", code=2)
        try:
            pairs[name] = json.loads(raw)
        except json.JSONDecodeError:
            pairs[name] = raw
    return pairs


@sandbox_cli.command("view-product")
def view_product(
    sku: Annotated[str, typer.Argument(help="SKU or ProductVariant GID.")],
    url: UrlOption = DEFAULT_URL,
    collector: Annotated[
        str | None, typer.Option(help="Collector URL (the sandbox's --collector-url if absent).")
    ] = None,
) -> None:
    """A shopper views a product: a Web Pixels product_viewed event goes to the collector."""
    body = {"sku": sku, "collector_url": collector}
    _show(_call(url, "POST", "/pixel/product-viewed", body))


LinesArgument = Annotated[
    list[str], typer.Argument(help="Lines as SKU or SKU:QUANTITY (e.g. SKU-00001-1:2).")
]


def _lines(items: list[str]) -> list[dict[str, Any]]:
    """``SKU`` or ``SKU:QUANTITY`` (a variant GID works too: only a numeric tail is a count)."""
    lines = []
    for item in items:
        head, sep, tail = item.rpartition(":")
        sku, quantity = (head, int(tail)) if sep and tail.isdigit() else (item, 1)
        if quantity < 1:
            raise _fail(f"lines: {item!r} needs a quantity of at least 1", code=2)
        lines.append({"sku": sku, "quantity": quantity})
    return lines


@sandbox_cli.command()
def checkout(
    lines: LinesArgument,
    url: UrlOption = DEFAULT_URL,
    email: Annotated[str | None, typer.Option(help="The shopper's email.")] = None,
    first_name: Annotated[str | None, typer.Option(help="First name.")] = None,
    last_name: Annotated[str | None, typer.Option(help="Last name.")] = None,
    pay: Annotated[
        str | None,
        typer.Option(help="Complete it at once: success, failure or pending payment."),
    ] = None,
    abandon: Annotated[bool, typer.Option(help="Leave it unfinished (abandoned).")] = False,
) -> None:
    """A shopper starts a checkout; --pay completes it into an order, --abandon leaves it."""
    if pay is not None and abandon:
        raise _fail("--pay and --abandon exclude each other", code=2)
    body = {
        "lines": _lines(lines),
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
    }
    started = _call(url, "POST", "/checkouts", body)
    token = started["token"]
    if abandon:
        _show(_call(url, "POST", f"/checkouts/{token}/abandon"))
    elif pay is not None:
        _show(_call(url, "POST", f"/checkouts/{token}/complete", {"payment": pay}))
    else:
        _show(started)


@sandbox_cli.command()
def complete(
    token: Annotated[str, typer.Argument(help="The checkout's token.")],
    url: UrlOption = DEFAULT_URL,
    payment: Annotated[str, typer.Option(help="success, failure or pending.")] = "success",
) -> None:
    """The shopper pays for a started checkout: the order is created."""
    _show(_call(url, "POST", f"/checkouts/{token}/complete", {"payment": payment}))


@sandbox_cli.command("pay")
def pay_order(
    order_id: Annotated[int, typer.Argument(help="The order's numeric id.")],
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Capture or mark an order paid (Shopify then sends orders/paid)."""
    _show(_call(url, "POST", f"/orders/{order_id}/pay"))


@sandbox_cli.command("fail-payment")
def fail_payment(
    order_id: Annotated[int, typer.Argument(help="The order's numeric id.")],
    url: UrlOption = DEFAULT_URL,
) -> None:
    """Record a failed payment on an order (order_transactions/create with status failure)."""
    _show(_call(url, "POST", f"/orders/{order_id}/fail-payment"))


@sandbox_cli.command()
def customer(
    email: Annotated[str, typer.Argument(help="The customer's email (found or created).")],
    url: UrlOption = DEFAULT_URL,
    first_name: Annotated[str | None, typer.Option(help="First name.")] = None,
    last_name: Annotated[str | None, typer.Option(help="Last name.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeat; replaces tags).")] = None,
    accepts_marketing: Annotated[bool | None, typer.Option(help="Email marketing consent.")] = None,
) -> None:
    """Create or edit a customer as a merchant in the admin (customers/create or /update)."""
    body = {
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone,
        "tags": tag,
        "accepts_marketing": accepts_marketing,
    }
    _show(_call(url, "POST", "/customers", body))


@sandbox_cli.command()
def coverage() -> None:
    """List what the sandbox implements: root queries and mutations, webhook topics."""
    from shopbridge.sandbox.coverage import coverage as served

    apis, topics = served()
    for api in apis:
        _listing(f"{api.api} queries", api.queries)
        _listing(f"{api.api} mutations", api.mutations)
    _listing("webhook topics", topics)
    out.print("Any other field answers NOT_SUPPORTED_BY_SANDBOX, naming the field.")


def _listing(title: str, names: Sequence[str]) -> None:
    out.print(f"[bold]{title}[/] ({len(names)}): {', '.join(names)}")
