"""The benchmark corpus written for peer generators: Hugo, Pelican and MkDocs."""
