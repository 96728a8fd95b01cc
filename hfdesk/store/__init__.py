"""The only place with SQL. One module per area; `database` opens, `migrations` shapes."""
