"""cafedemarches : le kit des bénévoles des Cafés démarches."""

__version__ = "0.1.0"
