// Loads a TF.js Layers model folder with @tensorflow/tfjs in Node (plain JS backend) and
// prints its predictions as JSON: node tfjs_predict.js <model dir> <inputs.json>
// inputs.json: [{"shape": [...], "dtype": "float32", "data": [...]}, ...]
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

function folderHandler(dir) {
  return {
    load: async () => {
      const model = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      const weightSpecs = [];
      const buffers = [];
      for (const group of model.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return {modelTopology: model.modelTopology, weightSpecs, weightData, format: model.format,
              generatedBy: model.generatedBy, convertedBy: model.convertedBy};
    },
  };
}

async function main() {
  await tf.setBackend('cpu');
  const [dir, inputsPath] = process.argv.slice(2);
  const model = await tf.loadLayersModel(folderHandler(dir));
  const inputs = JSON.parse(fs.readFileSync(inputsPath, 'utf8')).map(
      (x) => tf.tensor(x.data, x.shape, x.dtype));
  let outputs = model.predict(inputs.length === 1 ? inputs[0] : inputs);
  if (!Array.isArray(outputs)) outputs = [outputs];
  const result = outputs.map((y) => ({shape: y.shape, data: Array.from(y.dataSync())}));
  process.stdout.write(JSON.stringify({outputs: result, weights: model.weights.map((w) => w.originalName)}));
}

main().catch((error) => { console.error(String(error && error.stack || error)); process.exit(1); });
