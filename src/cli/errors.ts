/** An error whose message is meant for the person at the terminal (printed without a stack). */
export function userFacing(message: string): Error {
  return Object.assign(new Error(message), { userFacing: true });
}
