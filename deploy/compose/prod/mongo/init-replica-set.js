// Initiates replica set rs0 the first time; on every later start it only waits for a primary, so that the API never
// starts against a set that cannot take writes. mongo-1 has the highest priority: it is the primary while it is up.
const members = ["mongo-1:27017", "mongo-2:27017", "mongo-3:27017"];
try {
  rs.status();
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  rs.initiate({
    _id: "rs0",
    members: members.map((host, i) => ({ _id: i, host: host, priority: i === 0 ? 2 : 1 })),
  });
}
for (let waited = 0; !rs.status().members.some((m) => m.stateStr === "PRIMARY"); waited++) {
  if (waited === 120) {
    throw new Error("replica set rs0 has no primary after 120 s");
  }
  sleep(1000);
}
print("replica set rs0 has a primary");
