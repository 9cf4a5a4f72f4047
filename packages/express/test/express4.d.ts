// express4 is npm:express@^4 installed under another name; its API is the
// same as far as these tests go, so it borrows the Express 5 types.
declare module 'express4' {
  import express from 'express';
  export default express;
}
