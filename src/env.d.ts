/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Who is making the request: a signed-in account, an API client, or nobody. */
    identity: import('./server/identity.ts').Identity;
  }
}
