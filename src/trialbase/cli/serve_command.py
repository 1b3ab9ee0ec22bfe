"""``trialbase serve``: the site and the API over HTTP."""

from __future__ import annotations

import click

from trialbase.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", help="Address to listen on (default: TRIALBASE_HOST or 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default: TRIALBASE_PORT or 8000).")
@pass_app
def serve(app: AppContext, host: str | None, port: int | None) -> None:
    """Serve the site and the API."""
    import uvicorn

    from trialbase.api.app import create_app

    application = create_app(app.store())
    host = host or app.settings.host
    port = port or app.settings.port
    click.echo(f"serving {app.store().count():,} studies on http://{host}:{port}")
    uvicorn.run(application, host=host, port=port, log_level="warning")
