"""Reference solutions: one module per problem, its forms side by side in FORMS."""
