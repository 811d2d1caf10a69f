"""``python -m search_app [--config F]``: serve the search page on the configured host and port."""
import argparse

from . import create_app


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m search_app")
    parser.add_argument("--config", help="config file (default: the repo's config.yaml)")
    parser.add_argument("--host")
    parser.add_argument("--port", type=int)
    args = parser.parse_args()
    app = create_app(args.config)
    server = app.config["NEWS_CONFIG"].server
    app.run(host=args.host or server.host, port=args.port or server.port, debug=False, threaded=True)


if __name__ == "__main__":
    main()
