// Run by the mongo image on its first start (empty data volume), as the root user: creates the
// bot's own user with readWrite on the bot's database and nothing else. Values come from .env
// through docker-compose.yml; none is printed.
const user = process.env.MONGO_BOT_USER || 'nghebot';
const pwd = process.env.MONGO_BOT_PASSWORD;
if (!pwd) throw new Error('MONGO_BOT_PASSWORD is not set');
db.getSiblingDB('nghebot').createUser({ user, pwd, roles: [{ role: 'readWrite', db: 'nghebot' }] });
