//! Several instances of the server on one PostgreSQL database, started in this process.

mod events;
