/** The products the demo day prescribes: resources/demo/products.json, checked on load. */
import { z } from 'zod'
import productsJson from '../../../resources/demo/products.json'
import { cautionaryLabelSchema, productSchema } from '../../shared/phensys/snapshot'

const demoProductSchema = productSchema.extend({ cautionaryLabels: z.array(cautionaryLabelSchema) })
const productsFileSchema = z.looseObject({ products: z.array(demoProductSchema).min(1) })

export type DemoProduct = z.infer<typeof demoProductSchema>

const DEMO_PRODUCTS: readonly DemoProduct[] = productsFileSchema.parse(productsJson).products

export function demoProduct(dmdCode: string): DemoProduct {
  const product = DEMO_PRODUCTS.find((candidate) => candidate.dmdCode === dmdCode)
  if (!product) throw new Error(`the demo day prescribes ${dmdCode}, which is not in resources/demo/products.json`)
  return product
}
