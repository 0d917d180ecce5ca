// Run once by mongo-1's entrypoint when its data directory is new, before the replica set exists: the API's own user,
// allowed to read and write the forms database only (the root user stays for operators). Initial sync copies it to
// the other members.
db.getSiblingDB("admin").createUser({
  user: process.env.MONGO_APP_USER,
  pwd: process.env.MONGO_APP_PASSWORD,
  roles: [{ role: "readWrite", db: "forms" }],
});
