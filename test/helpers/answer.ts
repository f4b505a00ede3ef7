/** The value of a call's answer; a refusal throws its message, so a test stops where it was refused. */
export async function answerValue<T>(
  answer: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>
): Promise<T> {
  const result = await answer
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}
