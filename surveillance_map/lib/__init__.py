"""Small helpers with no models that any app may use: the bottom layer of the project."""
