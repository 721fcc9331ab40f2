"""The touch app (Kivy). `kiosk.app.main.run_app` starts it; nothing here imports Kivy."""
