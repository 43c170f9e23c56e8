// Prints the class names TF.js' serialization registry knows, as JSON: node tfjs_classes.js
const tf = require('@tensorflow/tfjs');
process.stdout.write(JSON.stringify(Object.keys(tf.serialization.SerializationMap.getMap().classNameMap)));
