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

    With --workers above 1, this process starts that many worker processes, each building the
    application from the settings in the environment (`trialbase.server:app_from_environment`)
    and listening on a socket of its own, so the kernel spreads connections over them
    (`trialbase.server_processes`); it brings the schema and the index up to date first, so the
    workers never race to do it.
    """
    import uvicorn

    from trialbase import server_processes
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
        if server_processes.balanced():
            try:
                code = server_processes.serve_workers(workers, host, port, log_level="warning")
            except server_processes.AddressInUse as error:
                raise click.ClickException(str(error)) from None
            if code:
                raise click.ClickException(f"a worker process could not start (exit code {code}); see above")
            return
        uvicorn.run(
            server_processes.APP,
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
