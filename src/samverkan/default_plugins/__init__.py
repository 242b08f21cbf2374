"""Built-in plugins: ordinary plugins that ship with the core and can be blocked like any other."""
