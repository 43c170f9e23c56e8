// Builds a small model in TF.js, saves it with TF.js' own model.save into a folder and
// prints its predictions for a fixed input: node tfjs_save.js <dir>
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const dir = process.argv[2];
  const model = tf.sequential({layers: [
    tf.layers.dense({units: 5, activation: 'relu', inputShape: [3]}),
    tf.layers.dense({units: 2, activation: 'softmax'}),
  ]});
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.mkdirSync(dir, {recursive: true});
    fs.writeFileSync(path.join(dir, 'group1-shard1of1.bin'), Buffer.from(artifacts.weightData));
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs}]}));
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  const y = model.predict(tf.tensor([[0.5, -1, 2], [1, 1, 1]]));
  process.stdout.write(JSON.stringify({shape: y.shape, data: Array.from(y.dataSync())}));
}

main().catch((error) => { console.error(String(error && error.stack || error)); process.exit(1); });
