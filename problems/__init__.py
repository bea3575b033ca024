"""Problem definitions: one folder per problem."""
