console.log('nghebot: CLI not wired yet', process.argv.slice(2));
