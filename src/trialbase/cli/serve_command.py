"""``trialbase serve``: the site and the API over HTTP."""

from __future__ import annotations

import click

from trialbase.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", help="Address to listen on (default: TRIALBASE_HOST or 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: TRIALBASE_PORT or 8000).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Server processes sharing the port; each opens the store and the index itself.",
)
@pass_app
def serve(app: AppContext, host: str | None, port: int | None, workers: int) -> None:
    """Serve the site and the API (the search index is built first if there is none).

    With --workers above 1, uvicorn starts that many processes, each building the application
    from the settings in the environment (`trialbase.server:app_from_environment`); this process
    brings the schema and the index up to date first, so the workers never race to do it.
    """
    import uvicorn

    from trialbase.api.protection import ProtectionSettings
    from trialbase.server import create_app
    from trialbase.services import Services
    from trialbase.settings import SettingError

    try:
        protect = ProtectionSettings.from_environ()
    except SettingError as error:
        raise click.UsageError(str(error)) from None
    store = app.store()
    services = Services.open(store, app.settings.data_dir)
    host = host or app.settings.host
    port = port or app.settings.port
    click.echo(f"serving {store.count():,} studies on http://{host}:{port}")
    if workers > 1:
        services.close()
        click.echo(f"with {workers} worker processes")
        uvicorn.run(
            "trialbase.server:app_from_environment",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
        )
        return
    try:
        uvicorn.run(create_app(services, protect), host=host, port=port, log_level="warning")
    finally:
        services.close()
