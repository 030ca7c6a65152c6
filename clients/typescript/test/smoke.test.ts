// The generated TypeScript client against a running stack, through the gateway (node's own test
// runner): register, log in, create and read a task, a run and a playlist, a 404 and a 422 as
// typed problems carrying their code, refresh, log out.
// `CADENCE_E2E_BASE_URL=http://127.0.0.1:8000 npm test` (tests-e2e/test_clients.py runs it).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import { client } from "../src/client.gen.js";
import {
  authLogin,
  authLogout,
  authRefresh,
  authRegister,
  playlistsCreatePlaylist,
  playlistsGetPlaylist,
  runsGetRun,
  runsUploadRun,
  tasksCreateTask,
  tasksGetTask,
} from "../src/index.js";

const baseUrl = process.env.CADENCE_E2E_BASE_URL ?? "http://127.0.0.1:8000";

test("the TypeScript client runs the client flow", async () => {
  const credentials = { email: `ts-${randomUUID().slice(0, 12)}@example.com`, password: "client-smoke-passw0rd" };
  let token = "";
  client.setConfig({ baseUrl, auth: () => token });

  const registered = await authRegister({ body: credentials });
  assert.equal(registered.response?.status, 201);
  assert.equal(registered.data?.email, credentials.email);
  const again = await authRegister({ body: credentials });
  assert.equal(again.error?.code, "email_taken");

  let tokens = (await authLogin({ body: credentials, throwOnError: true })).data;
  token = tokens.access_token;

  const task = (await tasksCreateTask({ body: { title: "Buy running shoes" }, throwOnError: true })).data;
  const read = await tasksGetTask({ path: { task_id: task.id }, throwOnError: true });
  assert.deepEqual(read.data, task);

  const started = new Date(Date.now() - 3600_000);
  const runId = randomUUID();
  const run = {
    id: runId,
    started_at: started.toISOString(),
    ended_at: new Date(started.getTime() + 1800_000).toISOString(),
    distance_m: 5000,
  };
  await runsUploadRun({ body: run, throwOnError: true });
  const stored = await runsGetRun({ path: { run_id: runId }, throwOnError: true });
  assert.equal(stored.data.distance_m, 5000);

  const playlist = (await playlistsCreatePlaylist({ body: { name: "Tempo 170" }, throwOnError: true })).data;
  const shown = await playlistsGetPlaylist({ path: { playlist_id: playlist.id }, throwOnError: true });
  assert.equal(shown.data.name, "Tempo 170");

  const missing = await tasksGetTask({ path: { task_id: randomUUID() } });
  assert.equal(missing.response?.status, 404);
  assert.equal(missing.error?.code, "task_not_found");
  const invalid = await tasksCreateTask({ body: { title: "" } });
  assert.equal(invalid.response?.status, 422);
  assert.equal(invalid.error?.code, "validation_failed");
  assert.equal(invalid.error?.errors?.[0]?.loc.at(-1), "title");

  tokens = (await authRefresh({ body: { refresh_token: tokens.refresh_token }, throwOnError: true })).data;
  token = tokens.access_token;
  const out = await authLogout({ body: { refresh_token: tokens.refresh_token } });
  assert.equal(out.response?.status, 204);
  const after = await tasksGetTask({ path: { task_id: task.id } });
  assert.equal(after.response?.status, 401);
});
